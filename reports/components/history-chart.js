// Headline numbers across published runs: one small line chart per measure (own y scale).
import { t } from './labels.js';
import { vegaChart } from './vega.js';

const MEASURES = [
  { key: 'activeCustomers', label: 'kpi.active', format: ',d', axis: '~s' },
  { key: 'predictedChurnRate', label: 'kpi.predictedChurn', format: '.1%', axis: '.0%' },
  { key: 'trailingChurnRate', label: 'kpi.trailingChurn', format: '.1%', axis: '.0%' },
  { key: 'repurchaseRate', label: 'kpi.repurchase', format: '.1%', axis: '.0%' },
  { key: 'clvTotal', label: 'kpi.clv', format: ',.0f', axis: '~s' },
  { key: 'valueAtRisk', label: 'kpi.valueAtRisk', format: ',.0f', axis: '~s' },
];

/** runs: [{asOf, modelId, seq, activeCustomers, ...}] in order; options: width. */
export function historyChart(runs, { width = 640 } = {}) {
  const columns = width < 560 ? 1 : 3;
  const inner = Math.max(140, Math.floor((width - columns * 70) / columns));
  const values = runs.map((r, i) => ({ ...r, run: i + 1, label: `${r.asOf} · ${r.modelId}` }));
  return vegaChart(
    {
      data: { values },
      columns,
      concat: MEASURES.map((m) => ({
        width: inner,
        height: 90,
        title: { text: t(m.label), fontSize: 12, fontWeight: 'normal', anchor: 'start' },
        mark: { type: 'line', point: true, color: '#4269d0' },
        encoding: {
          x: {
            field: 'run',
            type: 'ordinal',
            title: null,
            axis: {
              labelExpr: `${JSON.stringify(Object.fromEntries(values.map((v) => [v.run, v.asOf])))}[datum.value]`,
              labelAngle: 0,
              labelOverlap: true,
            },
          },
          y: {
            field: m.key,
            type: 'quantitative',
            title: null,
            scale: { zero: false },
            axis: { format: m.axis, tickCount: 3 },
          },
          tooltip: [
            { field: 'label', title: t('field.run') },
            { field: m.key, type: 'quantitative', title: t(m.label), format: m.format },
          ],
        },
      })),
    },
    { width, label: t('overview.runs') },
  );
}
