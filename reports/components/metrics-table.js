// The model page's metrics table: SELECTION metrics of the shipped model on the validation window
// next to every candidate's (model.json metrics.baselines: network, logistic, trees, BG/NBD x
// Gamma-Gamma, stack) and the simple baselines (recency-only AUC; for PR AUC a random model scores
// the base rate). Cross-fitted on the window the choice was made on: not held-out numbers.
// An older model.json (no `shipped`) holds the network's validation metrics with logistic and BG/NBD.
import { el } from './dom.js';
import { formatCompact, formatMetric, formatPercent } from './format.js';
import { codeText, t } from './labels.js';

const ORDER = ['network', 'logistic', 'gbdt', 'bgnbd', 'poisson', 'stack'];

/** The candidates among metrics.baselines, in a stable order (unknown names last). */
export function baselineNames(baselines = {}) {
  const rank = (name) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  return Object.keys(baselines).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** shipped: model.json `shipped` (null or absent for an older version: the network shipped alone). */
export function metricsTable(metrics, shipped = null) {
  const v = metrics.value ?? {};
  // The shipped value is scaled so its total matches the window: equal there by construction.
  const levelled =
    v.predictedTotal != null &&
    v.actualTotal != null &&
    Math.abs(v.predictedTotal - v.actualTotal) <= 1e-6 * Math.max(1, Math.abs(v.actualTotal));
  const rows = [
    [
      t('metric.auc'),
      formatMetric(metrics.auc),
      metrics.recencyAuc == null ? '–' : `${formatMetric(metrics.recencyAuc)} (${t('baseline.recency')})`,
    ],
    [
      t('metric.prAuc'),
      formatMetric(metrics.prAuc),
      metrics.baseRate == null ? '–' : `${formatMetric(metrics.baseRate)} (${t('baseline.random')})`,
    ],
    [t('metric.logLoss'), formatMetric(metrics.logLoss), '–'],
    [t('metric.brier'), formatMetric(metrics.brier), '–'],
    [t('metric.ece'), formatMetric(metrics.ece), '–'],
    [t('metric.baseRate'), formatPercent(metrics.baseRate), ''],
    [t('metric.gini'), formatMetric(v.gini), '–'],
    [t('metric.spearman'), formatMetric(v.spearman), '–'],
    [
      levelled ? t('metric.valueTotalLevelled') : t('metric.valueTotal'),
      `${formatCompact(v.predictedTotal)} / ${formatCompact(v.actualTotal)}`,
      '',
    ],
  ];
  const column = (b) => [
    formatMetric(b.auc),
    formatMetric(b.prAuc),
    formatMetric(b.logLoss),
    formatMetric(b.brier),
    formatMetric(b.ece),
    '',
    b.value ? formatMetric(b.value.gini) : '–',
    b.value ? formatMetric(b.value.spearman) : '–',
    b.value ? formatCompact(b.value.predictedTotal) : '–',
  ];
  const baselines = baselineNames(metrics.baselines);
  for (const name of baselines) column(metrics.baselines[name]).forEach((cell, i) => rows[i].push(cell));
  const model = shipped ? t('metric.shipped') : t('metric.shippedNetwork');
  const head = [t('metric.name'), model, t('metric.baseline'), ...baselines.map((name) => codeText('candidate', name))];
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { class: 'metrics-table selection-table' },
      el('caption', { class: 'table-caption' }, shipped ? t('model.metricsCaption') : t('model.metricsCaptionOld')),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          head.map((h, i) => el('th', i ? { class: 'num' } : {}, h)),
        ),
      ),
      el(
        'tbody',
        {},
        rows.map(([name, ...cells]) =>
          el(
            'tr',
            {},
            el('th', { scope: 'row' }, name),
            cells.map((c) => el('td', { class: 'num' }, c)),
          ),
        ),
      ),
    ),
  );
}
