// History coverage: events per month (columns) and event type (rows); an empty cell is a gap.
import { locale, t } from './labels.js';

/**
 * "support_ticket" → "Support ticket" in the site's locale; a declared type's label from labels (site.json
 * labels.eventType); the code when neither knows it.
 */
export function eventTypeLabel(type, labels) {
  const label = t(`event.${type}`);
  if (label !== `event.${type}`) return label;
  const declared = labels?.[type];
  return declared?.[locale] ?? declared?.en ?? type;
}
import { vegaChart } from './vega.js';

/** coverage: [{month: "2025-07", type, events}]; options: width, labels (site.json labels.eventType). */
export function coverageHeatmap(coverage, { width = 640, labels } = {}) {
  const values = coverage.map((d) => ({ ...d, date: `${d.month}-01`, typeLabel: eventTypeLabel(d.type, labels) }));
  const types = [...new Set(values.map((d) => d.typeLabel))].sort();
  return vegaChart(
    {
      data: { values },
      mark: { type: 'rect', tooltip: true },
      encoding: {
        x: {
          field: 'date',
          type: 'ordinal',
          timeUnit: 'utcyearmonth',
          title: t('field.month'),
          axis: { format: '%Y-%m', labelAngle: -45, labelOverlap: true },
        },
        y: { field: 'typeLabel', type: 'nominal', sort: types, title: null },
        color: {
          field: 'events',
          type: 'quantitative',
          scale: { type: 'log', scheme: 'blues' },
          title: t('field.events'),
          legend: { format: '~s', orient: 'right' },
        },
        tooltip: [
          { field: 'date', type: 'temporal', timeUnit: 'utcyearmonth', title: t('field.month'), format: '%Y-%m' },
          { field: 'typeLabel', title: t('field.eventType') },
          { field: 'events', type: 'quantitative', title: t('field.events'), format: ',d' },
        ],
      },
    },
    { width, height: Math.max(120, types.length * 24 + 70), label: t('quality.coverage') },
  );
}
