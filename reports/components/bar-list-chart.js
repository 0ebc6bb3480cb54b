// Horizontal bars per code (segments, lifecycle stages) in their fixed colours, with customers and
// value at risk in the tooltip.
import { codeLabel, t } from './labels.js';
import { orderedScale } from './tiers.js';
import { vegaChart } from './vega.js';

/** rows: [{[field]: code, customers, predictedValue, valueAtRisk}]; options: field, labels (dictionary), order, colors, title, width. */
export function barListChart(rows, { field, labels, order, colors, title, width = 640 } = {}) {
  const values = rows.map((d) => ({ ...d, code: d[field], label: codeLabel(labels, d[field]) }));
  return vegaChart(
    {
      data: { values },
      mark: { type: 'bar', cornerRadiusEnd: 2 },
      encoding: {
        y: {
          field: 'code',
          type: 'nominal',
          sort: order,
          title: null,
          axis: {
            labelExpr: `${JSON.stringify(Object.fromEntries(values.map((d) => [d.code, d.label])))}[datum.value] || datum.value`,
          },
        },
        x: { field: 'customers', type: 'quantitative', title: t('field.customers'), axis: { format: '~s' } },
        color: {
          field: 'code',
          type: 'nominal',
          scale: orderedScale(
            order,
            colors,
            values.map((d) => d.code),
          ),
          legend: null,
        },
        tooltip: [
          { field: 'label', title },
          { field: 'customers', type: 'quantitative', title: t('field.customers'), format: ',d' },
          { field: 'predictedValue', type: 'quantitative', title: t('field.predictedValue'), format: ',.0f' },
          { field: 'valueAtRisk', type: 'quantitative', title: t('field.valueAtRisk'), format: ',.0f' },
        ],
      },
    },
    { width, height: Math.max(100, values.length * 24), label: title },
  );
}
