// The model page's permutation importance: the inputs whose shuffling costs the most ROC AUC
// (and value Gini) on the validation customers, largest first.
import { el } from './dom.js';
import { formatMetric } from './format.js';
import { t } from './labels.js';

/** rows: [{feature, aucDrop, giniDrop}], already sorted; options: max rows (default 10). */
export function importanceTable(rows, { max = 10 } = {}) {
  if (!rows?.length) return el('p', { class: 'muted' }, t('model.importanceNone'));
  return el(
    'table',
    { class: 'metrics-table importance-table' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', {}, t('model.importanceFeature')),
        el('th', { class: 'num' }, t('model.importanceAuc')),
        el('th', { class: 'num' }, t('model.importanceGini')),
      ),
    ),
    el(
      'tbody',
      {},
      rows
        .slice(0, max)
        .map((r) =>
          el(
            'tr',
            {},
            el('th', { scope: 'row' }, el('code', {}, r.feature)),
            el('td', { class: 'num' }, formatMetric(r.aucDrop)),
            el('td', { class: 'num' }, formatMetric(r.giniDrop)),
          ),
        ),
    ),
  );
}
