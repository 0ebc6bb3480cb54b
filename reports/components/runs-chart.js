// One customer's churn probability over the scoring runs (points in the risk tier colour).
import { t, tierLabel } from './labels.js';
import { tierScale } from './tiers.js';
import { dateAxisX, vegaChart } from './vega.js';

/** runs: [{asOf, churnProb, predictedValue, riskTier}]; options: width. */
export function runsChart(runs, { width = 640 } = {}) {
  const values = runs.map((r) => ({ ...r, tierLabel: tierLabel(r.riskTier) }));
  const x = dateAxisX('asOf', t('field.run'), values.length, 6);
  const y = {
    field: 'churnProb',
    type: 'quantitative',
    title: t('field.churnProb'),
    axis: { format: '.0%' },
    scale: { domain: [0, 1] },
  };
  return vegaChart(
    {
      data: { values },
      encoding: {
        x,
        y,
        tooltip: [
          { field: 'asOf', type: 'temporal', title: t('field.run'), format: '%Y-%m-%d' },
          { field: 'churnProb', type: 'quantitative', title: t('field.churnProb'), format: '.1%' },
          { field: 'predictedValue', type: 'quantitative', title: t('field.predictedValue'), format: ',.2f' },
          { field: 'tierLabel', title: t('field.tier') },
        ],
      },
      layer: [
        { mark: { type: 'line', color: 'currentColor', opacity: 0.4 } },
        {
          mark: { type: 'point', filled: true, size: 90 },
          encoding: { color: { field: 'riskTier', type: 'nominal', scale: tierScale(), legend: null } },
        },
      ],
    },
    { width, height: 180, label: t('customer.scores') },
  );
}
