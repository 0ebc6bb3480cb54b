// Rejected rows by reason (and kind of file), largest first.
import { codeText, t } from './labels.js';
import { vegaChart } from './vega.js';

/** rejects: [{kind, reason, rows}]; options: width. */
export function rejectsChart(rejects, { width = 640 } = {}) {
  const values = rejects.map((r) => ({
    ...r,
    kindLabel: codeText('kind', r.kind),
    reasonLabel: codeText('reject', r.reason),
  }));
  return vegaChart(
    {
      data: { values },
      mark: { type: 'bar', cornerRadiusEnd: 2 },
      encoding: {
        y: { field: 'reasonLabel', type: 'nominal', sort: '-x', title: null },
        x: { field: 'rows', type: 'quantitative', title: t('field.rows'), axis: { format: '~s' } },
        color: { field: 'kindLabel', type: 'nominal', title: t('col.kind') },
        tooltip: [
          { field: 'kindLabel', title: t('col.kind') },
          { field: 'reasonLabel', title: t('field.reason') },
          { field: 'reason', title: t('field.code') },
          { field: 'rows', type: 'quantitative', title: t('field.rows'), format: ',d' },
        ],
      },
    },
    { width, height: Math.max(100, new Set(rejects.map((r) => r.reason)).size * 24), label: t('quality.rejects') },
  );
}
