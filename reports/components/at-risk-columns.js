// Columns of the at-risk list: for the on-screen table and for the CSV export. Labels of codes
// (actions, channels, segments, lifecycle, value tiers) come from site.json's dictionaries.
import { contactCell, maskEmail, maskName, maskPhone } from './contact.js';
import { el } from './dom.js';
import { formatDate, formatInt, formatPercent, formatValue } from './format.js';
import { codeLabel, localized, t } from './labels.js';
import { tierBadge } from './tier-badge.js';
import { tierRank } from './tiers.js';
import { attributeLabel, attributeValue } from './attributes.js';

/** "Label: value" of each declared (not built-in) attribute the row has. */
function declaredAttributes(row, attributes = []) {
  return attributes
    .filter((a) => !a.builtIn && row.attributes?.[a.name] != null)
    .map((a) => `${attributeLabel(a)}: ${attributeValue(a, row.attributes[a.name])}`);
}

/** The action's label in the site's locale ("No action" for customers the plan leaves out). */
export function actionLabel(row, labels) {
  if (!row.action || row.action === 'none') return t('atRisk.noAction');
  return labels?.action?.[row.action] ? codeLabel(labels.action, row.action) : (row.actionLabel ?? row.action);
}

/**
 * options: labels (site.json labels), contacts ("masked" | "full"), detail (Set of customer ids that
 * have a detail page: their id links to it), attributes (site.json attributes: declared ones are shown).
 */
export function atRiskColumns({ labels, contacts = 'masked', detail, attributes } = {}) {
  const idCell = (v) =>
    detail?.has(v) ? el('a', { href: `./customer?id=${encodeURIComponent(v)}` }, el('code', {}, v)) : el('code', {}, v);
  return [
    {
      key: 'customerId',
      label: t(contacts === 'full' ? 'col.customerFull' : 'col.customer'),
      format: (v, row) => el('div', { class: 'customer-cell' }, idCell(v), contactCell(row, contacts)),
    },
    {
      key: 'segment',
      label: t('col.segmentName'),
      format: (v, row) =>
        el(
          'div',
          { class: 'segment-cell' },
          el('span', {}, codeLabel(labels?.segment, v)),
          el(
            'span',
            { class: 'muted' },
            [codeLabel(labels?.valueTier, row.valueTier), codeLabel(labels?.lifecycle, row.lifecycle)]
              .filter(Boolean)
              .join(' · '),
          ),
          el('span', { class: 'muted' }, `${row.region ?? ''} ${row.plan ?? ''}`),
          ...declaredAttributes(row, attributes).map((text) => el('span', { class: 'muted' }, text)),
        ),
    },
    { key: 'riskTier', label: t('col.riskTier'), format: tierBadge, sortValue: (row) => -tierRank(row.riskTier) },
    { key: 'churnProb', label: t('col.churnProb'), align: 'right', format: formatPercent },
    { key: 'predictedValue', label: t('col.predictedValue'), align: 'right', format: formatValue },
    { key: 'valueAtRisk', label: t('col.valueAtRisk'), align: 'right', format: formatValue },
    { key: 'daysSinceLastPurchase', label: t('col.daysSinceLastPurchase'), align: 'right', format: formatInt },
    // The expected next purchase (none where one is not more likely than not) and P(within 30 days).
    { key: 'nextPurchase', label: t('col.nextPurchase'), format: (v) => (v ? formatDate(v) : '–') },
    {
      key: 'pPurchase30',
      label: t('col.pPurchase30'),
      align: 'right',
      format: (v) => (v == null ? '–' : formatPercent(v)),
    },
    {
      key: 'action',
      label: t('col.action'),
      format: (v, row) =>
        el(
          'div',
          { class: 'action-cell' },
          el('strong', {}, actionLabel(row, labels)),
          row.channel ? el('span', { class: 'muted' }, ` · ${codeLabel(labels?.channel, row.channel)}`) : null,
          el(
            'ul',
            { class: 'reasons' },
            (localized(row, 'reasonLabels') ?? row.reasons ?? []).map((r) => el('li', {}, r)),
          ),
        ),
      sortValue: (row) => actionLabel(row, labels),
    },
  ];
}

/**
 * CSV columns: stable machine keys as headers, raw numbers, contact data as published (masked by
 * default); declared attributes after plan, headed by their names. Given `rows` (the whole published
 * list), a contact, region, plan or attribute column none of them has a value in is left out.
 */
export function atRiskCsvColumns({ labels, contacts = 'masked', attributes = [], rows } = {}) {
  const columns = allCsvColumns({ labels, contacts, attributes });
  if (!rows) return columns;
  const fields = new Set(['name', 'email', 'phone', 'region', 'plan']);
  const declared = new Set(attributes.filter((a) => !a.builtIn).map((a) => a.name));
  const raw = (row, key) => (fields.has(key) ? row[key] : row.attributes?.[key]);
  const held = (key) => rows.some((row) => (raw(row, key) ?? '') !== '');
  return columns.filter((c) => !(fields.has(c.key) || declared.has(c.key)) || held(c.key));
}

function allCsvColumns({ labels, contacts, attributes }) {
  const keep = (v) => v ?? '';
  return [
    { key: 'customerId' },
    { key: 'name', value: (row) => (contacts === 'full' ? keep : maskName)(row.name) },
    { key: 'email', value: (row) => (contacts === 'full' ? keep : maskEmail)(row.email) },
    { key: 'phone', value: (row) => (contacts === 'full' ? keep : maskPhone)(row.phone) },
    { key: 'region' },
    { key: 'plan' },
    ...attributes.filter((a) => !a.builtIn).map((a) => ({ key: a.name, value: (row) => row.attributes?.[a.name] })),
    { key: 'riskTier' },
    { key: 'churnProb' },
    { key: 'predictedValue' },
    { key: 'valueAtRisk' },
    { key: 'daysSinceLastPurchase' },
    { key: 'nextPurchase' },
    { key: 'pPurchase30' },
    { key: 'valueTier' },
    { key: 'segment' },
    { key: 'lifecycle' },
    { key: 'action' },
    { key: 'actionLabel', value: (row) => actionLabel(row, labels) },
    { key: 'channel' },
    { key: 'reasons', value: (row) => localized(row, 'reasonLabels') ?? row.reasons },
  ];
}
