// Training and validation loss per epoch.
import { t } from './labels.js';
import { vegaChart } from './vega.js';

/** lossCurve: [{epoch, loss, valLoss}]; options: width, height. */
export function lossChart(lossCurve, { width = 320, height = 280 } = {}) {
  const train = t('series.train');
  const valid = t('series.valid');
  const values = lossCurve.flatMap((d) => [
    { epoch: d.epoch, series: train, loss: d.loss },
    ...(d.valLoss == null ? [] : [{ epoch: d.epoch, series: valid, loss: d.valLoss }]),
  ]);
  return vegaChart(
    {
      data: { values },
      mark: { type: 'line', point: { size: 14 } },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: t('field.epoch'), axis: { tickMinStep: 1, format: 'd' } },
        y: { field: 'loss', type: 'quantitative', title: t('field.loss'), scale: { zero: false } },
        color: {
          field: 'series',
          type: 'nominal',
          title: null,
          scale: { domain: [train, valid], range: ['#4269d0', '#ff725c'] },
        },
        tooltip: [
          { field: 'series', type: 'nominal', title: t('field.series') },
          { field: 'epoch', type: 'quantitative', title: t('field.epoch') },
          { field: 'loss', type: 'quantitative', title: t('field.loss'), format: '.4f' },
        ],
      },
    },
    { width, height, label: t('model.loss') },
  );
}
