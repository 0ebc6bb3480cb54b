// Headline numbers as a grid of cards: [{label, value, note?, tone?, change?}]; change is the text
// of the change since the previous run (shown under the number).
import { el } from './dom.js';

/** items: as above, and help: what the number means (the card's tooltip). */
export function kpiCards(items) {
  return el(
    'div',
    { class: 'grid grid-cols-4 kpi-grid' },
    items.map(({ label, value, note, tone, change, help }) =>
      el(
        'div',
        { class: `card kpi${tone ? ` kpi--${tone}` : ''}`, title: help },
        el('h2', {}, label),
        el('span', { class: 'big' }, value),
        change ? el('p', { class: 'kpi-change' }, change) : null,
        note ? el('p', { class: 'kpi-note' }, note) : null,
      ),
    ),
  );
}
