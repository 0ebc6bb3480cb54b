// "Rows 1-50 of 4,213" with previous/next buttons; hidden while everything fits on one page.
// onPage(first) is called with the index of the first row of the page asked for.
import { el } from './dom.js';
import { formatInt } from './format.js';
import { t } from './labels.js';

export function tablePager({ onPage }) {
  let state = { start: 0, pageSize: 1, total: 0 };
  const go = (step) => onPage(Math.max(0, state.start + step * state.pageSize));
  const previous = el(
    'button',
    { type: 'button', class: 'pager-previous', onclick: () => go(-1) },
    t('table.previous'),
  );
  const following = el('button', { type: 'button', class: 'pager-next', onclick: () => go(1) }, t('table.next'));
  const text = el('span', { class: 'pager-text', 'aria-live': 'polite' });
  const node = el('div', { class: 'table-pager' }, previous, text, following);
  return {
    node,
    update(next) {
      state = next;
      const { start, pageSize, total } = state;
      node.hidden = total <= pageSize;
      text.textContent = t('table.rows', {
        from: formatInt(Math.min(total, start + 1)),
        to: formatInt(Math.min(total, start + pageSize)),
        total: formatInt(total),
      });
      previous.disabled = start <= 0;
      following.disabled = start + pageSize >= total;
    },
  };
}
