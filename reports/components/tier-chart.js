// Customers and value at risk per risk tier, side by side, in the tier colours.
import { t, tierLabel } from './labels.js';
import { TIERS, tierScale } from './tiers.js';
import { vegaChart } from './vega.js';

/** tiers: [{tier, customers, predictedValue, valueAtRisk}]; options: width. */
export function tierChart(tiers, { width = 640 } = {}) {
  const values = tiers.map((d) => ({ ...d, tierLabel: tierLabel(d.tier) }));
  // side by side on wide screens, stacked on narrow ones
  const stacked = width < 520;
  const inner = stacked ? Math.max(120, width - 110) : Math.max(120, Math.floor((width - 180) / 2));
  const y = {
    field: 'tier',
    type: 'nominal',
    sort: TIERS,
    title: null,
    axis: { labelExpr: `${JSON.stringify(Object.fromEntries(TIERS.map((k) => [k, tierLabel(k)])))}[datum.value]` },
  };
  const color = { field: 'tier', type: 'nominal', scale: tierScale(), legend: null };
  const tooltip = [
    { field: 'tierLabel', type: 'nominal', title: t('field.tier') },
    { field: 'customers', type: 'quantitative', title: t('field.customers'), format: ',d' },
    { field: 'predictedValue', type: 'quantitative', title: t('field.predictedValue'), format: ',.0f' },
    { field: 'valueAtRisk', type: 'quantitative', title: t('field.valueAtRisk'), format: ',.0f' },
  ];
  const bars = (field) => ({
    width: inner,
    height: 110,
    mark: { type: 'bar', cornerRadiusEnd: 2 },
    encoding: {
      y,
      x: { field, type: 'quantitative', title: t(`field.${field}`), axis: { format: '~s' } },
      color,
      tooltip,
    },
  });
  const parts = [bars('customers'), bars('valueAtRisk')];
  return vegaChart(
    { data: { values }, ...(stacked ? { vconcat: parts } : { hconcat: parts }) },
    { width, label: t('overview.tiers') },
  );
}
