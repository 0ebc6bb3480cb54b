// Renewal by signup cohort: one row per cohort, one column per month since the start, colour = share of
// the cohort's subscribers still subscribed then (among those observed that long).
import { cohortGrid } from './cohort-heatmap.js';
import { t } from './labels.js';

/** cells: [{cohort, month, observed, subscribed, rate}]; options: width. */
export function renewalHeatmap(cells, { width = 640 } = {}) {
  return cohortGrid(cells, {
    width,
    month: t('field.monthsSinceStart'),
    cohort: t('field.signupCohort'),
    rate: t('field.stillSubscribed'),
    counts: [
      ['subscribed', t('field.subscribers')],
      ['observed', t('field.observed')],
    ],
    scale: { scheme: 'greens', domain: [0, 1] },
    minHeight: 120,
    rowHeight: 22,
    label: t('subs.renewal'),
  });
}
