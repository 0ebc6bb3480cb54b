// A sortable table shown a page at a time. The returned element's .value is ALL its rows in their
// current order (it fires "input" when the order changes), so a page can export exactly what the
// table holds, not just the page on screen; .setRows(rows) swaps the rows and keeps the sort.
import { el } from './dom.js';
import { tablePager } from './table-pager.js';
import { sortRows } from './sort-rows.js';

/**
 * columns: [{key, label, align?: "right", format?(value, row) => string|Node, sortValue?(row)}]
 * options: sort {key, descending}, pageSize (rows on one page; a pager appears when there are more),
 * empty (message).
 */
export function sortableTable(rows, { columns, sort = {}, pageSize = 250, empty = '' } = {}) {
  let key = sort.key ?? columns[0].key;
  let descending = sort.descending ?? false;
  let start = 0;
  let sorted = [];
  const column = (k) => columns.find((c) => c.key === k);
  const sortValue = (k) => column(k)?.sortValue ?? ((row) => row[k]);
  const headRow = el('tr');
  const body = el('tbody');
  // the same pager above and below: a page of tall rows is longer than the window; turning the
  // page at the bottom brings the new page's first row into view
  const pagers = [false, true].map((below) =>
    tablePager({
      onPage: (first) => {
        start = first;
        renderBody();
        if (below) root.scrollIntoView({ block: 'start' });
      },
    }),
  );
  const root = el(
    'div',
    { class: 'sortable-table' },
    pagers[0].node,
    el('div', { class: 'table-scroll' }, el('table', {}, el('thead', {}, headRow), body)),
    pagers[1].node,
  );

  function order() {
    sorted = sortRows(rows, sortValue(key), descending);
    start = 0;
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
    const shown = sorted.slice(start, start + pageSize);
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
    for (const pager of pagers) pager.update({ start, pageSize, total: sorted.length });
  }

  function setSort(k) {
    if (k === key) descending = !descending;
    else {
      // a new column: numbers start largest first, text A to Z
      key = k;
      descending = rows[0] != null && typeof sortValue(k)(rows[0]) === 'number';
    }
    order();
    renderHead();
    renderBody();
    root.dispatchEvent(new Event('input', { bubbles: true }));
  }

  Object.defineProperty(root, 'value', { get: () => sorted });
  root.setRows = (next) => {
    rows = next;
    order();
    renderBody();
    root.dispatchEvent(new Event('input', { bubbles: true }));
  };
  order();
  renderHead();
  renderBody();
  return root;
}
