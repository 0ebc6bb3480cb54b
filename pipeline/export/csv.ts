// CSV writing for people who open files in Excel: RFC 4180 quoting, a UTF-8 byte-order mark (so
// Chinese names display), CRLF line ends, and formula-injection neutralisation: a text cell starting
// with = + - @ tab or CR is prefixed with a single quote so a spreadsheet shows it as text.
import { quoteField } from '../csv.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  // Numbers are data, not text a spreadsheet could run: -0.5 stays a number.
  const text = typeof value === 'number' ? String(value) : neutralise(String(value));
  return quoteField(text);
}

export function csvLine(values: readonly unknown[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}
