// The sBG per signup cohort over the holdout: survivors the model projected from the months before it
// (dashed) against those who stayed (solid), by months into the holdout.
import { t } from './labels.js';
import { vegaChart } from './vega.js';

/** cohorts: [{cohort, holdout: [{month, projected, actual}]}]; options: width. */
export function sbgHoldoutChart(cohorts, { width = 640 } = {}) {
  const values = cohorts.flatMap((c) =>
    c.holdout.flatMap((h) => [
      { cohort: c.cohort, month: h.month, kind: t('subs.actual'), survivors: h.actual },
      { cohort: c.cohort, month: h.month, kind: t('subs.projected'), survivors: h.projected },
    ]),
  );
  return vegaChart(
    {
      data: { values },
      mark: { type: 'line', point: { size: 20 } },
      encoding: {
        x: { field: 'month', type: 'quantitative', title: t('field.holdoutMonth'), axis: { tickMinStep: 1 } },
        y: { field: 'survivors', type: 'quantitative', title: t('field.subscribers'), scale: { zero: false } },
        color: { field: 'cohort', type: 'nominal', title: t('field.signupCohort') },
        strokeDash: { field: 'kind', type: 'nominal', title: '' },
        tooltip: [
          { field: 'cohort', title: t('field.signupCohort') },
          { field: 'kind', title: '' },
          { field: 'month', type: 'quantitative', title: t('field.holdoutMonth') },
          { field: 'survivors', type: 'quantitative', title: t('field.subscribers'), format: ',.1f' },
        ],
      },
    },
    { width, height: 260, label: t('subs.sbg') },
  );
}
