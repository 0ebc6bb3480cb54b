// Survival curves: share of customers not yet lost by months since signup, one line per group.
import { t } from './labels.js';
import { vegaChart } from './vega.js';

/** points: [{group, month, observed, survival}]; options: width, title (of the group field). */
export function survivalChart(points, { width = 640, title = '' } = {}) {
  return vegaChart(
    {
      data: { values: points },
      mark: { type: 'line', interpolate: 'step-after', point: { size: 20 } },
      encoding: {
        x: { field: 'month', type: 'quantitative', title: t('field.monthsSince') },
        y: {
          field: 'survival',
          type: 'quantitative',
          title: t('field.survival'),
          axis: { format: '.0%' },
          scale: { domain: [0, 1] },
        },
        color: { field: 'group', type: 'nominal', title },
        tooltip: [
          { field: 'group', title },
          { field: 'month', type: 'quantitative', title: t('field.monthsSince') },
          { field: 'survival', type: 'quantitative', title: t('field.survival'), format: '.1%' },
          { field: 'observed', type: 'quantitative', title: t('field.customers'), format: ',d' },
        ],
      },
    },
    { width, height: 260, label: t('cohorts.survival') },
  );
}
