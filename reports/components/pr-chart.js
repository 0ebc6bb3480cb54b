// Precision–recall curve with the base rate (a random model's precision) as a reference line.
import { t } from './labels.js';
import { vegaChart } from './vega.js';

/** pr: [{recall, precision}]; options: width, height, baseRate. */
export function prChart(pr, { width = 320, height = 280, baseRate } = {}) {
  const values = [...pr].sort((a, b) => a.recall - b.recall || b.precision - a.precision);
  const unit = { type: 'quantitative', scale: { domain: [0, 1] } };
  const layer = [
    {
      data: { values },
      mark: { type: 'line', color: '#4269d0', point: { size: 18 } },
      encoding: {
        x: { field: 'recall', ...unit, title: t('field.recall') },
        y: { field: 'precision', ...unit, title: t('field.precision') },
        tooltip: [
          { field: 'recall', type: 'quantitative', title: t('field.recall'), format: '.3f' },
          { field: 'precision', type: 'quantitative', title: t('field.precision'), format: '.3f' },
        ],
      },
    },
  ];
  if (baseRate != null) {
    layer.unshift({
      data: { values: [{ y: baseRate, label: t('series.baseRate') }] },
      mark: { type: 'rule', strokeDash: [4, 4], color: 'currentColor', opacity: 0.5 },
      encoding: {
        y: { field: 'y', ...unit },
        tooltip: [
          { field: 'label', title: ' ' },
          { field: 'y', type: 'quantitative', title: t('series.baseRate'), format: '.1%' },
        ],
      },
    });
  }
  return vegaChart({ layer }, { width, height, label: t('model.pr') });
}
