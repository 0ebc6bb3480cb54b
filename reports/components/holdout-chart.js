// Calibration vs holdout: mean purchases in the holdout window by number of repeat purchases in the
// calibration period, actual against the BG/NBD forecast (Fader, Hardie and Lee 2005, figure 4).
import { t } from './labels.js';
import { vegaChart } from './vega.js';

/** rows: [{frequency, customers, actual, predicted: {bgnbd}}]; options: width, height. */
export function holdoutChart(rows, { width = 640, height = 260 } = {}) {
  const values = rows.flatMap((r) => [
    { frequency: r.frequency, series: t('series.actual'), value: r.actual, customers: r.customers },
    { frequency: r.frequency, series: t('series.bgnbd'), value: r.predicted.bgnbd, customers: r.customers },
  ]);
  return vegaChart(
    {
      data: { values },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'frequency', type: 'ordinal', sort: null, title: t('field.calibrationPurchases') },
        y: { field: 'value', type: 'quantitative', title: t('field.holdoutPurchases') },
        color: { field: 'series', type: 'nominal', title: t('field.series') },
        tooltip: [
          { field: 'series', type: 'nominal', title: t('field.series') },
          { field: 'frequency', type: 'nominal', title: t('field.calibrationPurchases') },
          { field: 'value', type: 'quantitative', title: t('field.holdoutPurchases'), format: '.3f' },
          { field: 'customers', type: 'quantitative', title: t('field.customers'), format: ',d' },
        ],
      },
    },
    { width, height, label: t('base.holdout') },
  );
}

/** rows: [{week, date, actual, predicted: {bgnbd}}]; the cumulative repeat purchases by week. */
export function cumulativeChart(rows, { width = 640, height = 260, holdoutStart } = {}) {
  const values = rows.flatMap((r) => [
    { date: r.date, series: t('series.actual'), value: r.actual },
    { date: r.date, series: t('series.bgnbd'), value: r.predicted.bgnbd },
  ]);
  const layers = [
    {
      data: { values },
      mark: { type: 'line' },
      encoding: {
        x: { field: 'date', type: 'temporal', title: t('field.week') },
        y: { field: 'value', type: 'quantitative', title: t('field.cumulativePurchases'), axis: { format: '~s' } },
        color: { field: 'series', type: 'nominal', title: t('field.series') },
        tooltip: [
          { field: 'series', type: 'nominal', title: t('field.series') },
          { field: 'date', type: 'temporal', title: t('field.week') },
          { field: 'value', type: 'quantitative', title: t('field.cumulativePurchases'), format: ',.0f' },
        ],
      },
    },
  ];
  if (holdoutStart) {
    layers.push({
      data: { values: [{ date: holdoutStart }] },
      mark: { type: 'rule', strokeDash: [4, 4], opacity: 0.6, color: 'currentColor' },
      encoding: { x: { field: 'date', type: 'temporal' } },
    });
  }
  return vegaChart({ layer: layers }, { width, height, label: t('base.cumulative') });
}
