// One action's learned retention effect per segment as a table: customers in each arm, the observed
// difference and the learned effect with their 95% intervals, the playbook's prior and the flags.
import { formatInt, formatPercent } from './format.js';
import { t } from './labels.js';
import { segmentLabel } from './segment-effect-chart.js';
import { sortableTable } from './sortable-table.js';

const interval = (i) => (i ? `${formatPercent(i.mean)} (${formatPercent(i.low)} – ${formatPercent(i.high)})` : '–');

/** The row's flags in words: not distinguishable from zero, control group too small to tell. */
export function segmentFlags(row) {
  return [row.includesZero ? t('actions.includesZero') : '', row.tooSmall ? t('actions.tooSmall') : '']
    .filter(Boolean)
    .join('; ');
}

/** rows: learned.segments[].segments (and its overall row first); labels, site: site.json's. */
export function segmentEffectTable(rows, { labels, site } = {}) {
  return sortableTable(
    rows.map((r, order) => ({ ...r, order, segment: segmentLabel(r, { labels, site }), flags: segmentFlags(r) })),
    {
      columns: [
        { key: 'segment', label: t('actions.segment') },
        { key: 'treated', label: t('col.treated'), align: 'right', format: formatInt },
        { key: 'control', label: t('col.control'), align: 'right', format: formatInt },
        {
          key: 'observed',
          label: t('col.observedEffect'),
          align: 'right',
          format: interval,
          sortValue: (r) => r.observed?.mean,
        },
        {
          key: 'learned',
          label: t('col.learnedEffect'),
          align: 'right',
          format: interval,
          sortValue: (r) => r.learned.mean,
        },
        { key: 'prior', label: t('col.priorEffect'), align: 'right', format: formatPercent },
        { key: 'flags', label: t('actions.flags') },
      ],
      sort: { key: 'order' },
    },
  );
}
