// A button that downloads text produced on click (so it always reflects the current rows).
import { el } from './dom.js';

/** getText: () => string; options: filename, label, type, note. */
export function downloadButton(
  getText,
  { filename = 'download.csv', label = 'Download', type = 'text/csv;charset=utf-8', note } = {},
) {
  const button = el('button', { type: 'button', class: 'download-button' }, label);
  button.addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([getText()], { type }));
    const a = el('a', { href: url, download: filename, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  });
  return el('div', { class: 'download' }, button, note ? el('span', { class: 'download-note' }, note) : null);
}
