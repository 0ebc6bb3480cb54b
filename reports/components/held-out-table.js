// Held-out test metrics from the newest saved `churn evaluate` (model.json `heldOut`): what train would
// ship first, then every candidate, the stack and the recency rule, on the same test customers.
import { el } from './dom.js';
import { formatMetric } from './format.js';
import { codeText, t } from './labels.js';

const COLUMNS = [
  ['metric.auc', (m) => m.churn?.auc],
  ['metric.prAuc', (m) => m.churn?.prAuc],
  ['metric.logLoss', (m) => m.churn?.logLoss],
  ['metric.ece', (m) => m.churn?.ece],
  ['metric.gini', (m) => m.value?.gini],
  ['metric.spearman', (m) => m.value?.spearman],
];

/** The name cell of a model of an evaluation: what ships (with what it is made of, when given), else the candidate. */
export function evaluatedModel(name, champion, shipped) {
  if (name !== champion) return codeText('candidate', name);
  const parts = shipped
    ? el(
        'div',
        { class: 'shipped-of' },
        t('model.shippedOf', {
          churn: codeText('candidate', shipped.churn),
          value: codeText('candidate', shipped.value),
        }),
      )
    : null;
  return [codeText('candidate', 'shipped'), parts];
}

export function heldOutTable(heldOut) {
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { class: 'metrics-table held-out-table' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', {}, t('model.candidate')),
          COLUMNS.map(([label]) => el('th', { class: 'num' }, t(label))),
        ),
      ),
      el(
        'tbody',
        {},
        heldOut.models.map((m) =>
          el(
            'tr',
            { class: m.id === heldOut.champion ? 'is-shipped' : null, 'data-model': m.id },
            el('th', { scope: 'row' }, evaluatedModel(m.id, heldOut.champion, heldOut.shipped)),
            COLUMNS.map(([, value]) => el('td', { class: 'num' }, formatMetric(value(m)))),
          ),
        ),
      ),
    ),
  );
}
