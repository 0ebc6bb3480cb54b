// CSV export: RFC 4180 quoting, CRLF line ends, a UTF-8 BOM (so Excel shows Chinese names), and
// formula-injection neutralisation: a text cell starting with = + - @ tab or CR gets a leading '.

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value) {
  if (value == null) return '';
  let s = Array.isArray(value) ? value.join('; ') : String(value);
  if (typeof value !== 'number' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** rows → CSV text; columns: [{key, header?, value?(row)}]. */
export function toCsv(rows, columns) {
  const lines = [columns.map((c) => csvCell(c.header ?? c.key)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value ? c.value(row) : row[c.key])).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
