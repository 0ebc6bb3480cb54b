// Kaplan-Meier retention curves: one step line per group with its 95% band (log-log), by months since
// the subscription started.
import { t } from './labels.js';
import { vegaChart } from './vega.js';

/** points: [{group, t, s, lo, hi, atRisk}]; options: width, title (of the group field). */
export function kmChart(points, { width = 640, title = '' } = {}) {
  const x = { field: 't', type: 'quantitative', title: t('field.monthsSubscribed') };
  const color = { field: 'group', type: 'nominal', title };
  return vegaChart(
    {
      data: { values: points },
      encoding: { x, color },
      layer: [
        {
          mark: { type: 'area', interpolate: 'step-after', opacity: 0.15 },
          encoding: {
            y: { field: 'lo', type: 'quantitative' },
            y2: { field: 'hi' },
          },
        },
        {
          mark: { type: 'line', interpolate: 'step-after' },
          encoding: {
            y: {
              field: 's',
              type: 'quantitative',
              title: t('field.stillSubscribed'),
              axis: { format: '.0%' },
              scale: { domain: [0, 1] },
            },
            tooltip: [
              { field: 'group', title },
              { field: 't', type: 'quantitative', title: t('field.monthsSubscribed'), format: '.1f' },
              { field: 's', type: 'quantitative', title: t('field.stillSubscribed'), format: '.1%' },
              { field: 'lo', type: 'quantitative', title: t('field.bandLow'), format: '.1%' },
              { field: 'hi', type: 'quantitative', title: t('field.bandHigh'), format: '.1%' },
              { field: 'atRisk', type: 'quantitative', title: t('field.atRisk'), format: ',d' },
            ],
          },
        },
      ],
    },
    { width, height: 300, label: t('subs.curves') },
  );
}
