// Mean predicted vs actual customer value per predicted-value decile (grouped bars).
import { t } from './labels.js';
import { vegaChart } from './vega.js';

/** valueDeciles: [{decile, predicted, actual}]; options: width, height. */
export function decilesChart(valueDeciles, { width = 640, height = 240 } = {}) {
  const predicted = t('series.predicted');
  const actual = t('series.actual');
  const values = valueDeciles.flatMap((d) => [
    { decile: d.decile, series: predicted, value: d.predicted },
    { decile: d.decile, series: actual, value: d.actual },
  ]);
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: [predicted, actual], range: ['#4269d0', '#efb118'] },
  };
  return vegaChart(
    {
      data: { values },
      mark: { type: 'bar', cornerRadiusEnd: 2 },
      encoding: {
        x: { field: 'decile', type: 'ordinal', title: t('field.decile'), axis: { labelAngle: 0 } },
        xOffset: { field: 'series', sort: [predicted, actual] },
        y: { field: 'value', type: 'quantitative', title: t('field.meanValue'), axis: { format: '~s' } },
        color,
        tooltip: [
          { field: 'decile', type: 'ordinal', title: t('field.decile') },
          { field: 'series', type: 'nominal', title: t('field.series') },
          { field: 'value', type: 'quantitative', title: t('field.meanValue'), format: ',.2f' },
        ],
      },
    },
    { width, height, label: t('model.deciles') },
  );
}
