// Churn after a complaint, per theme: the share of customers who made no purchase in the horizon after
// their complaint, with the same share after any negative feedback and for everyone as dashed rules.
import { t } from './labels.js';
import { themeLabel } from './voice-labels.js';
import { vegaChart } from './vega.js';

/** themes: voice.json themes; baseline: voice.json churnBaseline {negative, everyone}; options: width. */
export function themeChurnChart(themes, baseline, { width = 640 } = {}) {
  const values = themes
    .filter((d) => d.churn.rate != null)
    .map((d) => ({ theme: themeLabel(d), rate: d.churn.rate, customers: d.churn.customers, churned: d.churn.churned }));
  const rules = [
    { name: t('voice.afterAnyNegative'), rate: baseline.negative.rate },
    { name: t('voice.everyone'), rate: baseline.everyone.rate },
  ].filter((r) => r.rate != null);
  return vegaChart(
    {
      layer: [
        {
          data: { values },
          mark: { type: 'bar', color: '#ff725c' },
          encoding: {
            y: { field: 'theme', type: 'nominal', sort: '-x', title: null },
            x: { field: 'rate', type: 'quantitative', title: t('voice.churnRate'), axis: { format: '.0%' } },
            tooltip: [
              { field: 'theme', title: t('voice.theme') },
              { field: 'rate', type: 'quantitative', title: t('voice.churnRate'), format: '.1%' },
              { field: 'churned', type: 'quantitative', title: t('voice.churned'), format: ',d' },
              { field: 'customers', type: 'quantitative', title: t('voice.complainers'), format: ',d' },
            ],
          },
        },
        {
          data: { values: rules },
          mark: { type: 'rule', strokeDash: [4, 4], strokeWidth: 2 },
          encoding: {
            x: { field: 'rate', type: 'quantitative' },
            color: { field: 'name', type: 'nominal', title: null, scale: { range: ['#4269d0', '#6b6b6b'] } },
            tooltip: [
              { field: 'name', title: t('field.series') },
              { field: 'rate', type: 'quantitative', title: t('voice.churnRate'), format: '.1%' },
            ],
          },
        },
      ],
    },
    { width, height: Math.max(120, values.length * 28), label: t('voice.churnByTheme') },
  );
}
