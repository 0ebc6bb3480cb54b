// P(alive) heat map over repeat purchases (rows) and days from the first to the last purchase
// (columns), for customers observed for T days: the classic BG/NBD probability-alive matrix.
import { t } from './labels.js';
import { vegaChart } from './vega.js';

/** matrix: {T, cells: [{frequency, recency, pAlive}]}; options: width, height. */
export function pAliveHeatmap(matrix, { width = 640, height = 320 } = {}) {
  return vegaChart(
    {
      data: { values: matrix.cells },
      mark: { type: 'rect' },
      encoding: {
        x: {
          field: 'recency',
          type: 'ordinal',
          title: t('field.recencyDays', { T: matrix.T }),
          axis: { labelOverlap: true },
        },
        y: {
          field: 'frequency',
          type: 'ordinal',
          sort: 'descending',
          title: t('field.repeatPurchases'),
          axis: { labelOverlap: true },
        },
        color: {
          field: 'pAlive',
          type: 'quantitative',
          scale: { domain: [0, 1], scheme: 'viridis' },
          title: t('field.pAlive'),
          legend: { format: '.0%' },
        },
        tooltip: [
          { field: 'frequency', type: 'quantitative', title: t('field.repeatPurchases') },
          { field: 'recency', type: 'quantitative', title: t('field.recencyDays', { T: matrix.T }) },
          { field: 'pAlive', type: 'quantitative', title: t('field.pAlive'), format: '.1%' },
        ],
      },
    },
    { width, height, label: t('base.matrix') },
  );
}
