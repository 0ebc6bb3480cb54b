// CSV fields as RFC 4180 has them, for every CSV the pipeline writes (at-risk exports, rejected rows,
// the generator's canonical files): a field is quoted, its quotes doubled, only when it holds a
// comma, a quote or a line break. Files meant for spreadsheets start with the UTF-8 byte-order mark.

export const UTF8_BOM = '\uFEFF';

const NEEDS_QUOTES = /[",\r\n]/;

export function quoteField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
