// One bar per segment level (attribute levels, interest, habit): customers as the bar, colour by
// predicted churn rate, value at risk in the tooltip.
import { t } from './labels.js';
import { vegaChart } from './vega.js';

/** levels: [{level, customers, churnRate, predictedValue, valueAtRisk}] in display order; options: labelOf(level), title, width. */
export function segmentBars(levels, { labelOf = String, title = '', width = 640 } = {}) {
  const values = levels.map((d) => ({ ...d, label: labelOf(d.level) }));
  return vegaChart(
    {
      data: { values },
      mark: { type: 'bar', cornerRadiusEnd: 2 },
      encoding: {
        y: {
          field: 'level',
          type: 'nominal',
          sort: values.map((d) => d.level),
          title: null,
          axis: {
            labelExpr: `${JSON.stringify(Object.fromEntries(values.map((d) => [d.level, d.label])))}[datum.value] || datum.value`,
            labelLimit: 180,
          },
        },
        x: { field: 'customers', type: 'quantitative', title: t('field.customers'), axis: { format: '~s' } },
        color: {
          field: 'churnRate',
          type: 'quantitative',
          title: t('field.predictedChurnRate'),
          scale: { scheme: 'orangered', domain: [0, 1] },
          legend: { format: '.0%' },
        },
        tooltip: [
          { field: 'label', title },
          { field: 'customers', type: 'quantitative', title: t('field.customers'), format: ',d' },
          { field: 'churnRate', type: 'quantitative', title: t('field.predictedChurnRate'), format: '.1%' },
          { field: 'predictedValue', type: 'quantitative', title: t('field.predictedValue'), format: ',.0f' },
          { field: 'valueAtRisk', type: 'quantitative', title: t('field.valueAtRisk'), format: ',.0f' },
        ],
      },
    },
    // the height holds the bars and the churn-rate legend below them (autosize fits both in)
    { width, height: Math.max(100, values.length * 24) + 80, label: title },
  );
}
