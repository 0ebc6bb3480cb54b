// Histogram of churn probability (0.05-wide bins), stacked by risk tier.
import { formatPercentRange } from './format.js';
import { t, tierLabel } from './labels.js';
import { TIERS, tierScale } from './tiers.js';
import { vegaChart } from './vega.js';

/** bins: [{tier, bin (lower edge), customers}]; options: width, height, binWidth (default 0.05). */
export function churnHistogram(bins, { width = 640, height = 200, binWidth = 0.05 } = {}) {
  const values = bins.map((d) => ({
    ...d,
    end: d.bin + binWidth,
    range: formatPercentRange(d.bin, d.bin + binWidth),
    tierLabel: tierLabel(d.tier),
  }));
  return vegaChart(
    {
      data: { values },
      mark: { type: 'bar', binSpacing: 1 },
      encoding: {
        x: {
          field: 'bin',
          type: 'quantitative',
          bin: { binned: true, step: binWidth },
          scale: { domain: [0, 1] },
          title: t('field.churnProb'),
          axis: { format: '.0%' },
        },
        x2: { field: 'end' },
        y: {
          field: 'customers',
          type: 'quantitative',
          stack: true,
          title: t('field.customers'),
          axis: { format: '~s' },
        },
        color: {
          field: 'tier',
          type: 'nominal',
          scale: tierScale(),
          title: t('field.tier'),
          legend: {
            labelExpr: `${JSON.stringify(Object.fromEntries(TIERS.map((k) => [k, tierLabel(k)])))}[datum.value]`,
          },
        },
        tooltip: [
          { field: 'tierLabel', type: 'nominal', title: t('field.tier') },
          { field: 'range', type: 'nominal', title: t('field.churnProb') },
          { field: 'customers', type: 'quantitative', title: t('field.customers'), format: ',d' },
        ],
      },
    },
    { width, height, label: t('overview.histogram') },
  );
}
