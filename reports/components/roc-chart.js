// ROC curve of the churn model with the chance diagonal.
import { t } from './labels.js';
import { unitCurveChart } from './vega.js';

/** roc: [{fpr, tpr}]; options: width, height. */
export function rocChart(roc, { width = 320, height = 280 } = {}) {
  const values = [...roc].sort((a, b) => a.fpr - b.fpr || a.tpr - b.tpr);
  return unitCurveChart(values, {
    x: { field: 'fpr', title: t('field.fpr'), format: '.3f' },
    y: { field: 'tpr', title: t('field.tpr'), format: '.3f' },
    pointSize: 18,
    label: t('model.roc'),
    width,
    height,
  });
}
