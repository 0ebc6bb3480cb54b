// A backtest of `churn evaluate --backtest K` (model.json `backtest`): one held-out metric per model
// and run (a test date, or a customer split of one-cohort data), with its mean ± standard deviation
// over the runs, and what shipped in each run.
import { evaluatedModel } from './held-out-table.js';
import { el } from './dom.js';
import { formatDate, formatMetric } from './format.js';
import { codeText, t } from './labels.js';

/** metric: "auc" (churn) or "gini" (value); champion: the name of the shipped entry (what it is made of may change by date: see the last row). */
export function backtestTable(backtest, metric, champion) {
  const head = metric === 'auc' ? 'churn' : 'value';
  const models = backtest.models.filter((m) => m[metric].some((x) => x != null));
  const spread = (m) =>
    m[`${metric}Sd`] == null
      ? formatMetric(m[`${metric}Mean`])
      : `${formatMetric(m[`${metric}Mean`])} ± ${formatMetric(m[`${metric}Sd`])}`;
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { class: 'metrics-table backtest-table', 'data-metric': metric },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', {}, t('model.candidate')),
          runHeaders(backtest),
          el('th', { class: 'num' }, t('model.backtestMean')),
        ),
      ),
      el(
        'tbody',
        {},
        models.map((m) =>
          el(
            'tr',
            { class: m.id === champion ? 'is-shipped' : null, 'data-model': m.id },
            el('th', { scope: 'row' }, evaluatedModel(m.id, champion, null)),
            m[metric].map((x) => el('td', { class: 'num' }, formatMetric(x))),
            el('td', { class: 'num' }, spread(m)),
          ),
        ),
      ),
      el(
        'tfoot',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, t(backtest.splits ? 'model.backtestShippedSplit' : 'model.backtestShipped')),
          backtest.shipped.map((s) => el('td', { class: 'num' }, codeText('candidate', s[head]))),
          el('td', {}),
        ),
      ),
    ),
  );
}

/** Column heads: the test dates, or "Split n" for the customer splits of one date. */
function runHeaders(backtest) {
  return backtest.splits
    ? backtest.splits.map((_, i) => el('th', { class: 'num' }, t('model.backtestSplit', { n: i + 1 })))
    : backtest.dates.map((d) => el('th', { class: 'num' }, formatDate(d)));
}
