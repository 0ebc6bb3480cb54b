// Stable sort of rows by a value: missing values (null, undefined) last in either direction, ties in
// their original order; numbers by value, text by locale with numeric parts compared as numbers.
const collator = new Intl.Collator(undefined, { numeric: true });

export function sortRows(rows, get, descending = false) {
  const sign = descending ? -1 : 1;
  const values = rows.map(get);
  const index = rows.map((_, i) => i);
  index.sort((a, b) => {
    const va = values[a];
    const vb = values[b];
    return (va == null) - (vb == null) || (va != null && sign * compare(va, vb)) || a - b;
  });
  return index.map((i) => rows[i]);
}

function compare(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}
