// Monthly churn: the share of subscribers at a month's start who ended in it, and the share of their
// MRR lost to ends and downgrades (revenue churn), one line each.
import { t } from './labels.js';
import { vegaChart } from './vega.js';

/** months: [{month: "2026-01", churnRate, revenueChurn}]; options: width. */
export function churnRateChart(months, { width = 640 } = {}) {
  const values = months
    .flatMap((m) => [
      { month: m.month, series: t('subs.churnRate'), rate: m.churnRate },
      { month: m.month, series: t('subs.revenueChurn'), rate: m.revenueChurn },
    ])
    .filter((d) => d.rate != null);
  return vegaChart(
    {
      data: { values },
      mark: { type: 'line', point: { size: 25 } },
      encoding: {
        x: { field: 'month', type: 'ordinal', title: t('field.month'), axis: { labelAngle: -45 } },
        y: { field: 'rate', type: 'quantitative', title: t('field.rate'), axis: { format: '.1%' } },
        color: { field: 'series', type: 'nominal', title: t('field.series') },
        tooltip: [
          { field: 'month', title: t('field.month') },
          { field: 'series', title: t('field.series') },
          { field: 'rate', type: 'quantitative', title: t('field.rate'), format: '.2%' },
        ],
      },
    },
    { width, height: 240, label: t('subs.monthly') },
  );
}
