// The retraining runs of monitoring.json, newest first: status, decision with its reasons, and the
// champion's metrics next to the challenger's on the same validation window.
import { el } from './dom.js';
import { formatDate, formatDateTime, formatMetric } from './format.js';
import { codeText, localized, t } from './labels.js';
import { RUN_STATUS_COLORS } from './tiers.js';

function badge(status) {
  return el(
    'span',
    { class: 'tier-badge', style: `--tier-color: ${RUN_STATUS_COLORS[status] ?? 'gray'}` },
    codeText('status', status),
  );
}

function model(id, metrics) {
  if (!id) return '–';
  const m = metrics ?? {};
  return el(
    'div',
    { class: 'run-model' },
    el('code', {}, id),
    metrics ? el('span', { class: 'contact-detail' }, `AUC ${formatMetric(m.auc)} · ECE ${formatMetric(m.ece)}`) : null,
    metrics ? el('span', { class: 'contact-detail' }, `Gini ${formatMetric(m.gini)}`) : null,
  );
}

/** runs: monitoring.json runs (newest first). */
export function runsTable(runs) {
  const head = [
    t('col.run'),
    t('col.status'),
    t('col.decision'),
    t('col.champion'),
    t('col.challenger'),
    t('col.reasons'),
  ];
  const rows = runs.map((r) =>
    el(
      'tr',
      { 'data-status': r.status },
      el(
        'td',
        {},
        formatDateTime(r.startedAt),
        el('div', { class: 'contact-detail' }, t('monitor.runAsOf', { date: formatDate(r.asOf) })),
        el('div', { class: 'contact-detail' }, el('code', {}, r.runId)),
      ),
      el('td', {}, badge(r.status)),
      el('td', { class: 'run-decision' }, r.decision ? codeText('decision', r.decision) : '–'),
      el('td', {}, model(r.champion, r.championMetrics)),
      el('td', {}, model(r.challenger, r.challengerMetrics)),
      el(
        'td',
        {},
        r.reasons.length
          ? el(
              'ul',
              { class: 'reasons' },
              (localized(r, 'reasons') ?? []).map((x) => el('li', {}, x)),
            )
          : '',
      ),
    ),
  );
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { class: 'metrics-table runs-table' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          head.map((h) => el('th', {}, h)),
        ),
      ),
      el('tbody', {}, rows),
    ),
  );
}
