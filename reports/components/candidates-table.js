// The candidates of one head side by side with their selection metrics (cross-fitted on the
// validation window the choice was made on, not held out), best first, the shipped one marked.
import { el } from './dom.js';
import { formatMetric } from './format.js';
import { codeText, t } from './labels.js';

const COLUMNS = {
  churn: [
    ['auc', 'metric.auc'],
    ['logLoss', 'metric.logLoss'],
    ['ece', 'metric.ece'],
  ],
  value: [['gini', 'metric.gini']],
};

/** shippedBadge(): the mark of the shipped row (also used by the held-out tables). */
export function shippedBadge() {
  return el('span', { class: 'tier-badge shipped-badge', style: '--tier-color: #4e9f50' }, t('model.shippedBadge'));
}

/** head: model.json shipped.churn or shipped.value ({model, candidates}); kind: "churn" | "value". */
export function candidatesTable(head, kind) {
  const columns = COLUMNS[kind];
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { class: 'metrics-table candidates-table', 'data-head': kind },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', {}, t('model.candidate')),
          columns.map(([, label]) => el('th', { class: 'num' }, t(label))),
        ),
      ),
      el(
        'tbody',
        {},
        head.candidates.map((c) => {
          const shipped = c.id === head.model;
          return el(
            'tr',
            { class: shipped ? 'is-shipped' : null, 'data-candidate': c.id },
            el('th', { scope: 'row' }, codeText('candidate', c.id), shipped ? [' ', shippedBadge()] : null),
            columns.map(([key]) => el('td', { class: 'num' }, formatMetric(c[key]))),
          );
        }),
      ),
    ),
  );
}
