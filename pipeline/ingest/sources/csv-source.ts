// Streaming reader for delimited text: comma, semicolon, tab, pipe or runs of whitespace; RFC 4180
// quoting with fields spanning lines; UTF-8 (a BOM is dropped) or GB18030/GBK. Chunks are decoded and
// split as they arrive, so memory does not grow with the file.
import { createReadStream } from 'node:fs';
import { InputError } from '../../errors.ts';
import type { Source, SourceRecord } from './source.ts';

export type Delimiter = ',' | ';' | '\t' | '|' | 'whitespace';
export type Encoding = 'utf8' | 'gb18030';

export interface CsvOptions {
  delimiter?: Delimiter;
  header?: boolean;
  columns?: string[];
  encoding?: Encoding;
  skipLines?: number;
  onBytes?: (chunk: Buffer) => void;
}

export async function openCsv(file: string, options: CsvOptions = {}): Promise<Source> {
  const records = splitRecords(file, decode(file, options.encoding ?? 'utf8', options.onBytes));
  let skip = options.skipLines ?? 0;
  let first: { line: number; text: string } | undefined;
  // Find the first non-blank record after the skipped lines: it decides the delimiter and the header.
  for (;;) {
    const next = await records.next();
    if (next.done) break;
    if (skip > 0) {
      skip--;
      continue;
    }
    if (next.value.text.trim() !== '') {
      first = next.value;
      break;
    }
  }
  const delimiter = options.delimiter ?? (first ? sniffDelimiter(first.text) : ',');
  const header = options.header ?? options.columns === undefined;
  let columns: string[] | null = options.columns ?? null;
  let pending: SourceRecord | null = null;
  if (first) {
    if (header) {
      try {
        columns = splitFields(first.text, delimiter).map((f, i) => f.trim() || `column${i + 1}`);
      } catch (error) {
        throw new InputError(file, `header: ${(error as Error).message}`, first.line);
      }
    } else {
      pending = toRecord(first.line, first.text, delimiter);
    }
  }
  async function* rows(): AsyncGenerator<SourceRecord> {
    if (pending) yield pending;
    for await (const { line, text } of records) {
      if (text.trim() === '') continue;
      yield toRecord(line, text, delimiter);
    }
  }
  const splitRaw = (raw: string) => {
    try {
      return splitFields(raw, delimiter);
    } catch {
      return [raw];
    }
  };
  return { columns, records: rows(), info: { delimiter, header, empty: first === undefined }, splitRaw };
}

/** A row whose quoting is broken: rejected on its own, the rest of the file still loads. */
export class RowSyntaxError extends Error {}

function toRecord(line: number, text: string, delimiter: Delimiter): SourceRecord {
  try {
    return { line, fields: splitFields(text, delimiter), raw: text };
  } catch (error) {
    if (error instanceof RowSyntaxError) return { line, fields: [], raw: text, error: error.message };
    throw error;
  }
}

/** Picks the delimiter that splits the first line most often (outside quotes). */
export function sniffDelimiter(line: string): Delimiter {
  const counts = new Map<Delimiter, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
    ['|', 0],
  ]);
  let inQuotes = false;
  for (const ch of line) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && counts.has(ch as Delimiter)) counts.set(ch as Delimiter, counts.get(ch as Delimiter)! + 1);
  }
  const [best, n] = [...counts].sort((a, b) => b[1] - a[1])[0];
  if (n > 0) return best;
  return /\S\s+\S/.test(line.trim()) ? 'whitespace' : ',';
}

async function* decode(file: string, encoding: Encoding, onBytes?: (chunk: Buffer) => void): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding === 'gb18030' ? 'gb18030' : 'utf-8', { fatal: true });
  let first = true;
  let offset = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    onBytes?.(chunk);
    if (first) {
      first = false;
      // NUL bytes never occur in text; they mark binary data (a spreadsheet, an archive, an image).
      if (chunk.subarray(0, 8192).includes(0)) throw new InputError(file, 'not a text file (it contains binary data)');
    }
    try {
      yield decoder.decode(chunk, { stream: true });
    } catch {
      throw new InputError(
        file,
        `not valid ${encoding === 'utf8' ? 'UTF-8' : 'GB18030'} text near byte ${offset}` +
          (encoding === 'utf8' ? ' (files from Chinese systems often need --encoding gb18030)' : ''),
      );
    }
    offset += chunk.length;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw new InputError(
      file,
      `the file ends in the middle of a ${encoding === 'utf8' ? 'UTF-8' : 'GB18030'} character`,
    );
  }
}

/** Cuts decoded text into records: a newline ends a record unless it is inside quotes. */
async function* splitRecords(
  file: string,
  chunks: AsyncGenerator<string>,
): AsyncGenerator<{ line: number; text: string }> {
  let buffer = '';
  let line = 1;
  let quotes = 0; // quote characters seen so far in the record being built (odd = inside quotes)
  let scanned = 0; // how much of the buffer has been counted into `quotes`
  for await (const chunk of chunks) {
    buffer += chunk;
    let start = 0;
    for (;;) {
      const nl = buffer.indexOf('\n', Math.max(start, scanned));
      if (nl < 0) break;
      quotes += countQuotes(buffer, Math.max(start, scanned), nl);
      scanned = nl + 1;
      if (quotes % 2 === 1) continue; // the newline is inside a quoted field
      const text = buffer.slice(start, nl).replace(/\r$/, '');
      yield { line, text };
      line += countNewlines(buffer, start, nl) + 1;
      start = nl + 1;
      quotes = 0;
    }
    buffer = buffer.slice(start);
    scanned = Math.max(0, scanned - start);
  }
  if (buffer.length > 0) {
    quotes += countQuotes(buffer, scanned, buffer.length);
    if (quotes % 2 === 1) throw new InputError(file, 'a quoted field is never closed', line);
    yield { line, text: buffer.replace(/\r$/, '') };
  }
}

function countQuotes(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('"', from); i >= 0 && i < to; i = s.indexOf('"', i + 1)) n++;
  return n;
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Splits one record into fields; quoted fields may hold delimiters, newlines and doubled quotes. */
export function splitFields(text: string, delimiter: Delimiter): string[] {
  if (delimiter === 'whitespace') return text.trim().split(/\s+/);
  if (!text.includes('"')) return text.split(delimiter);
  const fields: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i <= text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        if (i < text.length && text[i] !== delimiter) {
          throw new RowSyntaxError('text after a closing quote (a quote inside a field must be doubled)');
        }
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (i === text.length || ch === delimiter) {
      fields.push(field);
      field = '';
      i++;
      continue;
    }
    if (ch === '"' && field.length === 0) {
      quoted = true;
      i++;
      continue;
    }
    field += ch;
    i++;
  }
  return fields;
}
