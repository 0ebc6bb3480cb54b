// One action's learned retention effect per segment (actions.json learned.segments): a dot at the learned
// (posterior) effect with its 95% interval, a tick at the playbook's prior, the zero line. Green: helps;
// red: harms; grey: not distinguishable from zero; hollow: control group too small to tell.
import { ZERO_RULE } from './effect-chart.js';
import { attributeLabel, levelLabel, siteAttributes } from './attributes.js';
import { codeLabel, t, tierLabel } from './labels.js';
import { vegaChart } from './vega.js';

/** "Value tier: VIP" for a segment row ({dimension, level}); "All customers" for the action's own row. */
export function segmentLabel(row, { labels, site } = {}) {
  const { dimension, level } = row;
  if (dimension === 'all') return t('actions.allCustomers');
  if (dimension === 'valueTier') return `${t('field.valueTier')}: ${codeLabel(labels?.valueTier, level)}`;
  if (dimension === 'lifecycle') return `${t('field.lifecycle')}: ${codeLabel(labels?.lifecycle, level)}`;
  if (dimension === 'riskTier') return `${t('field.tier')}: ${tierLabel(level)}`;
  const name = dimension.replace(/^attribute:/, '');
  const attribute = siteAttributes(site).find((a) => a.name === name) ?? { name, label: { en: name } };
  return `${attributeLabel(attribute)}: ${levelLabel(attribute, level)}`;
}

/** rows: [{dimension, level, treated, control, prior, learned: {mean, low, high}, includesZero, tooSmall}]. */
export function segmentEffectChart(rows, { labels, site, width = 640 } = {}) {
  const values = rows.map((r) => ({
    segment: segmentLabel(r, { labels, site }),
    ...r.learned,
    prior: r.prior,
    treated: r.treated,
    control: r.control,
    sign: r.includesZero ? 'zero' : r.learned.mean > 0 ? 'helps' : 'harms',
    filled: !r.tooSmall,
  }));
  const y = { field: 'segment', type: 'nominal', title: null, sort: null };
  const tooltip = [
    { field: 'segment', title: t('actions.segment') },
    { field: 'mean', type: 'quantitative', title: t('col.learnedEffect'), format: '+.1%' },
    { field: 'low', type: 'quantitative', title: t('field.low'), format: '+.1%' },
    { field: 'high', type: 'quantitative', title: t('field.high'), format: '+.1%' },
    { field: 'prior', type: 'quantitative', title: t('col.priorEffect'), format: '+.1%' },
    { field: 'treated', type: 'quantitative', title: t('col.treated'), format: ',d' },
    { field: 'control', type: 'quantitative', title: t('col.control'), format: ',d' },
  ];
  const color = {
    field: 'sign',
    type: 'nominal',
    scale: { domain: ['helps', 'harms', 'zero'], range: ['#3ca951', '#ff725c', '#9c9c9c'] },
    legend: null,
  };
  const chart = vegaChart(
    {
      data: { values },
      encoding: { y, tooltip },
      layer: [
        {
          mark: { type: 'rule', strokeWidth: 2 },
          encoding: {
            x: {
              field: 'low',
              type: 'quantitative',
              title: t('actions.segmentAxis'),
              axis: { format: '+~%', tickMinStep: 0.005 },
            },
            x2: { field: 'high' },
            color,
          },
        },
        {
          mark: { type: 'tick', color: 'currentColor', opacity: 0.7, thickness: 2 },
          encoding: { x: { field: 'prior', type: 'quantitative' } },
        },
        // An outline for every segment, filled where the control group is large enough to tell.
        {
          mark: { type: 'point', size: 80, strokeWidth: 2 },
          encoding: { x: { field: 'mean', type: 'quantitative' }, color },
        },
        {
          transform: [{ filter: 'datum.filled' }],
          mark: { type: 'point', filled: true, size: 80 },
          encoding: { x: { field: 'mean', type: 'quantitative' }, color },
        },
        ZERO_RULE,
      ],
    },
    { width, height: Math.max(100, values.length * 28), label: t('actions.segments') },
  );
  chart.classList.add('segment-effect-chart');
  return chart;
}
