// Signup-cohort retention: one row per monthly cohort, one column per month since signup, colour =
// share of the cohort buying in that month. `cohortGrid` draws any such cohort x month grid (the
// subscriptions page's renewal heatmap too).
import { t } from './labels.js';
import { vegaChart } from './vega.js';

/**
 * cells: [{cohort, month, rate, ...counts}]; titles of the axes and the rate, the count fields shown in
 * the tooltip ([field, title]), the colour scale, and the size (rows of `rowHeight`, at least `minHeight`).
 */
export function cohortGrid(cells, { width, month, cohort, rate, counts, scale, minHeight, rowHeight, label }) {
  const cohorts = [...new Set(cells.map((d) => d.cohort))].sort();
  return vegaChart(
    {
      data: { values: cells },
      mark: { type: 'rect' },
      encoding: {
        x: { field: 'month', type: 'ordinal', title: month, axis: { labelAngle: 0 } },
        y: { field: 'cohort', type: 'ordinal', sort: cohorts, title: cohort },
        color: {
          field: 'rate',
          type: 'quantitative',
          title: rate,
          scale,
          legend: { format: '.0%', orient: 'right' },
        },
        tooltip: [
          { field: 'cohort', title: cohort },
          { field: 'month', type: 'ordinal', title: month },
          { field: 'rate', type: 'quantitative', title: rate, format: '.1%' },
          ...counts.map(([field, title]) => ({ field, type: 'quantitative', title, format: ',d' })),
        ],
      },
    },
    { width, height: Math.max(minHeight, cohorts.length * rowHeight), label },
  );
}

/** cells: [{cohort: "2025-01", month, customers, cohortSize, rate}]; options: width. */
export function cohortHeatmap(cells, { width = 640 } = {}) {
  return cohortGrid(cells, {
    width,
    month: t('field.monthsSince'),
    cohort: t('field.cohort'),
    rate: t('field.retained'),
    counts: [
      ['customers', t('field.customers')],
      ['cohortSize', t('field.count')],
    ],
    scale: { scheme: 'greens' },
    minHeight: 160,
    rowHeight: 16,
    label: t('cohorts.retention'),
  });
}
