// Signup-cohort retention: one row per monthly cohort, one column per month since signup, colour =
// share of the cohort buying in that month.
import { t } from './labels.js';
import { vegaChart } from './vega.js';

/** cells: [{cohort: "2025-01", month, customers, cohortSize, rate}]; options: width. */
export function cohortHeatmap(cells, { width = 640 } = {}) {
  const cohorts = [...new Set(cells.map((d) => d.cohort))].sort();
  return vegaChart(
    {
      data: { values: cells },
      mark: { type: 'rect' },
      encoding: {
        x: { field: 'month', type: 'ordinal', title: t('field.monthsSince'), axis: { labelAngle: 0 } },
        y: { field: 'cohort', type: 'ordinal', sort: cohorts, title: t('field.cohort') },
        color: {
          field: 'rate',
          type: 'quantitative',
          title: t('field.retained'),
          scale: { scheme: 'greens' },
          legend: { format: '.0%', orient: 'right' },
        },
        tooltip: [
          { field: 'cohort', title: t('field.cohort') },
          { field: 'month', type: 'ordinal', title: t('field.monthsSince') },
          { field: 'rate', type: 'quantitative', title: t('field.retained'), format: '.1%' },
          { field: 'customers', type: 'quantitative', title: t('field.customers'), format: ',d' },
          { field: 'cohortSize', type: 'quantitative', title: t('field.count'), format: ',d' },
        ],
      },
    },
    { width, height: Math.max(160, cohorts.length * 16), label: t('cohorts.retention') },
  );
}
