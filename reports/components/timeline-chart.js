// One customer's interactions by month: stacked bars per event type (fixed colours; declared types
// after the built-in ones in colours of their own), purchase amount in the tooltip.
import { eventTypeLabel } from './coverage-heatmap.js';
import { t } from './labels.js';
import { DECLARED_EVENT_COLORS, EVENT_COLORS, EVENT_TYPES, orderedScale } from './tiers.js';
import { vegaChart } from './vega.js';

/** timeline: [[month "2025-07", type, events, amount]]; options: width, labels (site.json labels.eventType). */
export function timelineChart(timeline, { width = 640, labels } = {}) {
  const values = timeline.map(([month, type, events, amount]) => ({
    date: `${month}-01`,
    type,
    typeLabel: eventTypeLabel(type, labels),
    events,
    amount,
  }));
  const present = [...new Set(values.map((d) => d.type))];
  const declared = present.filter((p) => !EVENT_TYPES.includes(p)).sort();
  const colors = { ...EVENT_COLORS };
  declared.forEach((p, i) => (colors[p] = DECLARED_EVENT_COLORS[i % DECLARED_EVENT_COLORS.length]));
  const scale = orderedScale([...EVENT_TYPES, ...declared], colors, present);
  return vegaChart(
    {
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        x: {
          field: 'date',
          type: 'temporal',
          timeUnit: 'utcyearmonth',
          title: null,
          axis: { format: '%Y-%m', labelAngle: -45, labelOverlap: true },
        },
        y: { field: 'events', type: 'quantitative', stack: true, title: t('field.events') },
        color: {
          field: 'type',
          type: 'nominal',
          scale,
          title: t('field.eventType'),
          legend: {
            labelExpr: `${JSON.stringify(Object.fromEntries(present.map((p) => [p, eventTypeLabel(p, labels)])))}[datum.value] || datum.value`,
          },
        },
        tooltip: [
          { field: 'date', type: 'temporal', timeUnit: 'utcyearmonth', title: t('field.month'), format: '%Y-%m' },
          { field: 'typeLabel', title: t('field.type') },
          { field: 'events', type: 'quantitative', title: t('field.events'), format: ',d' },
          { field: 'amount', type: 'quantitative', title: t('field.amount'), format: ',.2f' },
        ],
      },
    },
    { width, height: 200, label: t('customer.timeline') },
  );
}
