// Concentration of value (a Lorenz-style curve): share of predicted value held by the top x% of
// customers, with the line of equal shares for reference.
import { t } from './labels.js';
import { vegaChart } from './vega.js';

/** points: [{customerShare, valueShare}] from 0 to 1; options: width, height. */
export function concentrationChart(points, { width = 640, height = 240 } = {}) {
  const x = {
    field: 'customerShare',
    type: 'quantitative',
    title: t('field.customerShare'),
    axis: { format: '.0%' },
    scale: { domain: [0, 1] },
  };
  const y = {
    field: 'valueShare',
    type: 'quantitative',
    title: t('field.valueShare'),
    axis: { format: '.0%' },
    scale: { domain: [0, 1] },
  };
  return vegaChart(
    {
      layer: [
        {
          data: {
            values: [
              { customerShare: 0, valueShare: 0 },
              { customerShare: 1, valueShare: 1 },
            ],
          },
          mark: { type: 'line', strokeDash: [4, 3], opacity: 0.5, color: 'currentColor' },
          encoding: { x, y },
        },
        {
          data: { values: points },
          mark: { type: 'area', line: { color: '#4269d0' }, color: '#4269d0', opacity: 0.25 },
          encoding: {
            x,
            y,
            tooltip: [
              { field: 'customerShare', type: 'quantitative', title: t('field.customerShare'), format: '.0%' },
              { field: 'valueShare', type: 'quantitative', title: t('field.valueShare'), format: '.1%' },
            ],
          },
        },
        {
          data: { values: points.filter((p) => [0.1, 0.2].includes(p.customerShare)) },
          mark: { type: 'point', filled: true, size: 60, color: '#4269d0' },
          encoding: { x, y },
        },
      ],
    },
    { width, height, label: t('value.concentration') },
  );
}
