// A sortable table. The returned element's .value is the rows in their current order (it fires
// "input" when the order changes), so a page can export exactly what the table shows.
import { el } from './dom.js';
import { t } from './labels.js';

/**
 * columns: [{key, label, align?: "right", format?(value, row) => string|Node, sortValue?(row)}]
 * options: sort {key, descending}, pageSize (rows rendered before "Show more"), empty (message).
 */
export function sortableTable(rows, { columns, sort = {}, pageSize = 250, empty = '' } = {}) {
  let key = sort.key ?? columns[0].key;
  let descending = sort.descending ?? false;
  let limit = pageSize;
  let sorted = [];
  const column = (k) => columns.find((c) => c.key === k);
  const headRow = el('tr');
  const body = el('tbody');
  const more = el('button', { type: 'button', class: 'table-more' });
  const root = el('div', { class: 'sortable-table' }, el('table', {}, el('thead', {}, headRow), body), more);

  function order() {
    const c = column(key);
    const get = c?.sortValue ?? ((row) => row[key]);
    const sign = descending ? -1 : 1;
    sorted = rows
      .map((row, i) => ({ row, i, v: get(row) }))
      .sort((a, b) => (a.v == null) - (b.v == null) || sign * compare(a.v, b.v) || a.i - b.i)
      .map((d) => d.row);
  }

  function renderHead() {
    headRow.replaceChildren(
      ...columns.map((c) => {
        const active = c.key === key;
        const button = el(
          'button',
          { type: 'button', onclick: () => setSort(c.key) },
          c.label,
          el('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (descending ? ' ▾' : ' ▴') : ''),
        );
        return el(
          'th',
          {
            scope: 'col',
            class: c.align === 'right' ? 'num' : null,
            'aria-sort': active ? (descending ? 'descending' : 'ascending') : 'none',
          },
          button,
        );
      }),
    );
  }

  function renderBody() {
    const shown = sorted.slice(0, limit);
    body.replaceChildren(
      ...(shown.length
        ? shown.map((row) =>
            el(
              'tr',
              {},
              columns.map((c) =>
                el(
                  'td',
                  { class: c.align === 'right' ? 'num' : null },
                  c.format ? c.format(row[c.key], row) : row[c.key],
                ),
              ),
            ),
          )
        : [el('tr', {}, el('td', { colspan: columns.length, class: 'table-empty' }, empty))]),
    );
    const rest = sorted.length - shown.length;
    more.hidden = rest <= 0;
    more.textContent = t('table.more', { count: Math.min(rest, pageSize) });
  }

  function setSort(k) {
    if (k === key) descending = !descending;
    else {
      // a new column: numbers start largest first, text A to Z
      key = k;
      const first = rows[0] && (column(k)?.sortValue ?? ((row) => row[k]))(rows[0]);
      descending = typeof first === 'number';
    }
    order();
    renderHead();
    renderBody();
    root.dispatchEvent(new Event('input', { bubbles: true }));
  }

  more.addEventListener('click', () => {
    limit += pageSize;
    renderBody();
  });
  Object.defineProperty(root, 'value', { get: () => sorted });
  order();
  renderHead();
  renderBody();
  return root;
}

function compare(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}
