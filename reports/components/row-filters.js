// Filter controls for a list of rows: one <select> per field plus a text search. The element's
// .value is {field: selected value or "", search: text} and it fires "input" on every change, so a
// page can use it with Framework's view(). filterRows() applies such a value.
import { el } from './dom.js';
import { t } from './labels.js';

/**
 * fields: [{key, label, order?: values in display order, optionLabel?(value, row) => string}]
 * search: {key, label, placeholder} (optional; matches when the row's value contains the text).
 */
export function rowFilters(rows, { fields, search } = {}) {
  const form = el('form', { class: 'row-filters', onsubmit: (event) => event.preventDefault() });
  const selects = fields.map((field) => {
    const seen = new Map();
    for (const row of rows) if (row[field.key] != null && !seen.has(row[field.key])) seen.set(row[field.key], row);
    const values = [...seen.keys()].sort(
      (a, b) => rank(field.order, a) - rank(field.order, b) || String(a).localeCompare(String(b)),
    );
    const select = el(
      'select',
      { name: field.key },
      el('option', { value: '' }, t('atRisk.all')),
      values.map((v) =>
        el('option', { value: String(v) }, field.optionLabel ? field.optionLabel(v, seen.get(v)) : String(v)),
      ),
    );
    form.append(el('label', {}, el('span', {}, field.label), select));
    return select;
  });
  const input = search
    ? el('input', {
        type: 'search',
        name: search.key,
        placeholder: search.placeholder ?? '',
        autocomplete: 'off',
        spellcheck: 'false',
      })
    : null;
  if (input) form.append(el('label', {}, el('span', {}, search.label), input));
  const value = () => ({
    ...Object.fromEntries(fields.map((f, i) => [f.key, selects[i].value])),
    ...(search ? { search: input.value.trim() } : {}),
  });
  Object.defineProperty(form, 'value', { get: value });
  form.searchKey = search?.key;
  return form;
}

/** The rows matching a rowFilters value; searchKey names the field the search text applies to. */
export function filterRows(rows, value, { searchKey } = {}) {
  const { search = '', ...selected } = value;
  const needle = search.toLowerCase();
  // only the fields set, worked out once rather than per row
  const active = Object.entries(selected).filter(([, v]) => v !== '');
  return rows.filter(
    (row) =>
      active.every(([key, v]) => String(row[key]) === v) &&
      (!needle ||
        !searchKey ||
        String(row[searchKey] ?? '')
          .toLowerCase()
          .includes(needle)),
  );
}

function rank(order, v) {
  const i = order ? order.indexOf(v) : -1;
  return i < 0 ? Infinity : i;
}
