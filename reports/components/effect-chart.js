// Measured retention lift per action (treated minus control) with its 95% interval; zero marked.
import { codeLabel, t } from './labels.js';
import { vegaChart } from './vega.js';

/** The dashed vertical line at x = 0 of an effect chart. */
export const ZERO_RULE = {
  data: { values: [{ zero: 0 }] },
  mark: { type: 'rule', strokeDash: [4, 3], opacity: 0.6 },
  encoding: { x: { field: 'zero', type: 'quantitative' }, y: null, tooltip: null },
};

/** effects: [{action, retentionLift: {estimate, low, high} | null, treated, control}]; labels: site.json labels. */
export function effectChart(effects, { labels, width = 640 } = {}) {
  const values = effects
    .filter((d) => d.retentionLift)
    .map((d) => ({
      actionLabel: codeLabel(labels?.action, d.action),
      ...d.retentionLift,
      treated: d.treated.n,
      control: d.control.n,
      conclusive: !d.inconclusive,
    }));
  const y = { field: 'actionLabel', type: 'nominal', title: null, sort: { field: 'estimate', order: 'descending' } };
  const tooltip = [
    { field: 'actionLabel', title: t('field.action') },
    { field: 'estimate', type: 'quantitative', title: t('field.retentionLift'), format: '+.1%' },
    { field: 'low', type: 'quantitative', title: t('field.low'), format: '+.1%' },
    { field: 'high', type: 'quantitative', title: t('field.high'), format: '+.1%' },
    { field: 'treated', type: 'quantitative', title: t('col.treated'), format: ',d' },
    { field: 'control', type: 'quantitative', title: t('col.control'), format: ',d' },
  ];
  return vegaChart(
    {
      data: { values },
      encoding: { y, tooltip },
      layer: [
        {
          mark: { type: 'rule', strokeWidth: 2 },
          encoding: {
            x: { field: 'low', type: 'quantitative', title: t('field.retentionLift'), axis: { format: '+.0%' } },
            x2: { field: 'high' },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 80 },
          encoding: {
            x: { field: 'estimate', type: 'quantitative' },
            color: {
              field: 'conclusive',
              type: 'nominal',
              scale: { domain: [true, false], range: ['#3ca951', '#9c9c9c'] },
              legend: null,
            },
          },
        },
        ZERO_RULE,
      ],
    },
    { width, height: Math.max(100, values.length * 30), label: t('actions.effects') },
  );
}
