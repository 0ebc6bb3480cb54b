// Display of contact data that the pipeline already masked. Never unmasks; as a safety net it
// masks again anything that arrives looking unmasked (no "*" in it).
import { el } from './dom.js';

export function maskEmail(email) {
  if (!email) return '';
  const s = String(email);
  const at = s.indexOf('@');
  if (at < 0) return s.includes('*') ? s : `${s.slice(0, 1)}***`;
  const local = s.slice(0, at);
  return local.includes('*') ? s : `${local.slice(0, 1)}***${s.slice(at)}`;
}

export function maskPhone(phone) {
  if (!phone) return '';
  const s = String(phone);
  if (s.includes('*')) return s;
  const digits = s.replace(/\D/g, '');
  return digits.length <= 4 ? '****' : `****${digits.slice(-4)}`;
}

export function maskName(name) {
  if (!name) return '';
  const s = String(name);
  return s.includes('*') ? s : `${Array.from(s)[0]}*`;
}

/** Name, e-mail and phone of one row: masked unless the pipeline published them in full. */
export function contactCell(row, contacts = 'masked') {
  if (contacts !== 'full') return maskedContact(row);
  return el(
    'span',
    { class: 'contact' },
    el('span', { class: 'contact-name' }, row.name ?? ''),
    row.email ? el('span', { class: 'contact-detail' }, row.email) : null,
    row.phone ? el('span', { class: 'contact-detail' }, row.phone) : null,
  );
}

/** A cell showing masked name, e-mail and phone of one customer row. */
export function maskedContact(row) {
  return el(
    'span',
    { class: 'contact' },
    el('span', { class: 'contact-name' }, maskName(row.name)),
    row.email ? el('span', { class: 'contact-detail' }, maskEmail(row.email)) : null,
    row.phone ? el('span', { class: 'contact-detail' }, maskPhone(row.phone)) : null,
  );
}
