// Renewal by signup cohort: one row per cohort, one column per month since the start, colour = share of
// the cohort's subscribers still subscribed then (among those observed that long).
import { t } from './labels.js';
import { vegaChart } from './vega.js';

/** cells: [{cohort, month, observed, subscribed, rate}]; options: width. */
export function renewalHeatmap(cells, { width = 640 } = {}) {
  const cohorts = [...new Set(cells.map((d) => d.cohort))].sort();
  return vegaChart(
    {
      data: { values: cells },
      mark: { type: 'rect' },
      encoding: {
        x: { field: 'month', type: 'ordinal', title: t('field.monthsSinceStart'), axis: { labelAngle: 0 } },
        y: { field: 'cohort', type: 'ordinal', sort: cohorts, title: t('field.signupCohort') },
        color: {
          field: 'rate',
          type: 'quantitative',
          title: t('field.stillSubscribed'),
          scale: { scheme: 'greens', domain: [0, 1] },
          legend: { format: '.0%', orient: 'right' },
        },
        tooltip: [
          { field: 'cohort', title: t('field.signupCohort') },
          { field: 'month', type: 'ordinal', title: t('field.monthsSinceStart') },
          { field: 'rate', type: 'quantitative', title: t('field.stillSubscribed'), format: '.1%' },
          { field: 'subscribed', type: 'quantitative', title: t('field.subscribers'), format: ',d' },
          { field: 'observed', type: 'quantitative', title: t('field.observed'), format: ',d' },
        ],
      },
    },
    { width, height: Math.max(120, cohorts.length * 22), label: t('subs.renewal') },
  );
}
