// The customer page without a customer: a search box whose suggestions are the customers with a
// detail page (id and masked name; typing also narrows the list below), and those customers by
// value at risk, most first. Customer data is set as text, never markup.
import { el } from './dom.js';
import { formatPercent, formatValue } from './format.js';
import { t } from './labels.js';
import { tierBadge } from './tier-badge.js';

/** Customers listed at most. */
const TOP = 20;

/** customers: customers.json customers; id: the id asked for ("" for none). */
export function customerPicker(customers, { id = '' } = {}) {
  // Stable: ties keep the published order (the at-risk list's, by the unrounded value).
  const byValue = [...customers].sort((a, b) => b.valueAtRisk - a.valueAtRisk);
  const suggestions = el(
    'datalist',
    { id: 'customer-ids' },
    byValue.map((c) => el('option', { value: c.customerId, label: c.name ?? '' })),
  );
  const list = el('ol', { class: 'customer-links' });
  const show = (query) => {
    const q = query.trim().toLowerCase();
    const hits = byValue.filter((c) => !q || c.customerId.toLowerCase().includes(q)).slice(0, TOP);
    list.replaceChildren(...hits.map(linkItem));
  };
  const input = el('input', {
    type: 'search',
    name: 'id',
    list: 'customer-ids',
    autocomplete: 'off',
    placeholder: t('atRisk.searchPlaceholder'),
    value: id,
    oninput: (event) => show(event.target.value),
  });
  show('');
  return el(
    'div',
    { class: 'customer-picker' },
    el(
      'form',
      { class: 'row-filters', method: 'get', action: '' },
      el('label', {}, el('span', {}, t('customer.choose')), input),
      suggestions,
    ),
    el('h2', {}, t('customer.topByValue')),
    list,
  );
}

function linkItem(c) {
  return el(
    'li',
    {},
    el('a', { href: `./customer?id=${encodeURIComponent(c.customerId)}` }, el('code', {}, c.customerId)),
    ' ',
    tierBadge(c.riskTier),
    ' ',
    el(
      'span',
      { class: 'muted' },
      t('customer.topLine', { value: formatValue(c.valueAtRisk), p: formatPercent(c.churnProb) }),
    ),
  );
}
