// Reliability diagram: observed churn rate against mean predicted probability per bin; point size
// shows how many customers fell in the bin, the diagonal is perfect calibration.
import { t } from './labels.js';
import { diagonalLayer, vegaChart } from './vega.js';

/** calibration: [{predicted, observed, count}]; options: width, height. */
export function calibrationChart(calibration, { width = 320, height = 280 } = {}) {
  const values = [...calibration].sort((a, b) => a.predicted - b.predicted);
  const unit = { type: 'quantitative', scale: { domain: [0, 1] } };
  const tooltip = [
    { field: 'predicted', type: 'quantitative', title: t('field.predicted'), format: '.3f' },
    { field: 'observed', type: 'quantitative', title: t('field.observed'), format: '.3f' },
    { field: 'count', type: 'quantitative', title: t('field.count'), format: ',d' },
  ];
  return vegaChart(
    {
      layer: [
        diagonalLayer(unit),
        {
          data: { values },
          layer: [
            { mark: { type: 'line', color: '#4269d0' } },
            {
              mark: { type: 'circle', color: '#4269d0', opacity: 0.85 },
              encoding: {
                size: { field: 'count', type: 'quantitative', title: t('field.count'), legend: null },
                tooltip,
              },
            },
          ],
          encoding: {
            x: { field: 'predicted', ...unit, title: t('field.predicted') },
            y: { field: 'observed', ...unit, title: t('field.observed') },
          },
        },
      ],
    },
    { width, height, label: t('model.calibration') },
  );
}
