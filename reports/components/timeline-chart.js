// One customer's interactions by month: stacked bars per event type (fixed colours; declared types
// after the built-in ones in colours of their own), purchase amount in the tooltip. The months axis
// runs to the as-of date, a month without events an empty slot: the silence that puts a customer at
// risk is what the chart must show (issue 23).
import { eventTypeLabel } from './coverage-heatmap.js';
import { t } from './labels.js';
import { DECLARED_EVENT_COLORS, EVENT_COLORS, EVENT_TYPES, orderedScale } from './tiers.js';
import { vegaChart } from './vega.js';

/**
 * timeline: [[month "2025-07", type, events, amount]]; options: width, labels (site.json
 * labels.eventType), asOf and since (dates "2026-07-01": the axis runs from since's month, or the
 * first event's if earlier, to the month of the as-of date's eve; without asOf, the events' months).
 */
export function timelineChart(timeline, { width = 640, labels, asOf, since } = {}) {
  const months = timelineMonths(timeline, asOf, since);
  const values = timeline.map(([month, type, events, amount]) => ({
    month,
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
      // A few months would stretch into wall-wide bars: at most a sixth of the width each.
      mark: { type: 'bar', width: { band: Math.min(0.9, months.length / 6) } },
      encoding: {
        x: {
          field: 'month',
          type: 'ordinal',
          scale: { domain: months },
          title: null,
          axis: { labelAngle: -45, labelOverlap: true },
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
          { field: 'month', title: t('field.month') },
          { field: 'typeLabel', title: t('field.type') },
          { field: 'events', type: 'quantitative', title: t('field.events'), format: ',d' },
          { field: 'amount', type: 'quantitative', title: t('field.amount'), format: ',.2f' },
        ],
      },
    },
    { width, height: 200, label: t('customer.timeline') },
  );
}

/** The published window: 24 months up to the as-of date (customer-timeline.sql). */
const WINDOW_MONTHS = 24;

/** Every month "YYYY-MM" of the axis, in order. */
export function timelineMonths(timeline, asOf, since) {
  const seen = timeline.map(([month]) => month).sort();
  if (!asOf) return [...new Set(seen)];
  // Events are those before the as-of date: the last month is the one holding the day before it.
  const end = monthIndex(new Date(Date.parse(`${asOf}T00:00:00Z`) - 86_400_000).toISOString());
  const first = Math.min(...[seen[0], since].filter(Boolean).map(monthIndex), end);
  const start = Math.max(first, end - WINDOW_MONTHS + 1);
  return Array.from({ length: end - start + 1 }, (_, i) => monthText(start + i));
}

const monthIndex = (date) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
const monthText = (index) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
