// Lift by decile of churn score: how many times the base churn rate each tenth of the ranked list
// holds (decile 1 = highest scores); the rule at 1 is a random list.
import { t } from './labels.js';
import { vegaChart } from './vega.js';

/** lift: [{decile, rate, lift}]; options: width, height. */
export function liftChart(lift, { width = 320, height = 240 } = {}) {
  const x = { field: 'decile', type: 'ordinal', title: t('field.scoreDecile'), axis: { labelAngle: 0 } };
  return vegaChart(
    {
      layer: [
        {
          data: { values: lift },
          mark: { type: 'bar', color: '#4269d0', cornerRadiusEnd: 2 },
          encoding: {
            x,
            y: { field: 'lift', type: 'quantitative', title: t('field.lift') },
            tooltip: [
              { field: 'decile', type: 'ordinal', title: t('field.scoreDecile') },
              { field: 'lift', type: 'quantitative', title: t('field.lift'), format: '.2f' },
              { field: 'rate', type: 'quantitative', title: t('field.churnRate'), format: '.1%' },
            ],
          },
        },
        {
          data: { values: [{ lift: 1 }] },
          mark: { type: 'rule', strokeDash: [4, 4], color: 'currentColor', opacity: 0.6 },
          encoding: { y: { field: 'lift', type: 'quantitative' } },
        },
      ],
    },
    { width, height, label: t('model.lift') },
  );
}
