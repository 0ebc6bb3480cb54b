// Realised performance: ROC AUC (left axis) and calibration error (ECE, right axis) of each scoring
// run once its churn window has passed, by the run's as-of date.
import { t } from './labels.js';
import { dateAxisX, vegaChart } from './vega.js';

/** realised: monitoring.json realised (oldest first); options: width, height. */
export function realisedChart(realised, { width = 640, height = 220 } = {}) {
  const auc = t('field.auc');
  const ece = t('field.ece');
  const color = { type: 'nominal', title: null, scale: { domain: [auc, ece], range: ['#4269d0', '#efb118'] } };
  const line = (field, name, orient, format) => ({
    transform: [{ filter: `datum.${field} != null` }],
    mark: { type: 'line', point: { size: 50, filled: true } },
    encoding: {
      y: { field, type: 'quantitative', title: name, scale: { zero: false, padding: 10 }, axis: { orient, format } },
      color: { datum: name, ...color },
    },
  });
  return vegaChart(
    {
      data: { values: realised },
      encoding: {
        x: dateAxisX('runAsOf', t('field.runAsOf'), realised.length, 6),
        tooltip: [
          { field: 'runAsOf', type: 'temporal', title: t('field.runAsOf'), format: '%Y-%m-%d' },
          { field: 'modelId', title: t('field.model') },
          { field: 'maturedAt', type: 'temporal', title: t('field.maturedAt'), format: '%Y-%m-%d' },
          { field: 'customers', type: 'quantitative', title: t('field.customers'), format: ',d' },
          { field: 'auc', type: 'quantitative', title: auc, format: '.3f' },
          { field: 'ece', type: 'quantitative', title: ece, format: '.3f' },
          { field: 'gini', type: 'quantitative', title: t('field.gini'), format: '.3f' },
          { field: 'predictedChurnRate', type: 'quantitative', title: t('field.predictedChurnRate'), format: '.1%' },
          { field: 'actualChurnRate', type: 'quantitative', title: t('field.actualChurnRate'), format: '.1%' },
        ],
      },
      layer: [line('auc', auc, 'left', '.3f'), line('ece', ece, 'right', '.3f')],
      resolve: { scale: { y: 'independent' } },
    },
    { width, height, label: t('monitor.realised') },
  );
}
