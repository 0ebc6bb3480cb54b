// Streaming RFC 4180 CSV reader: quoted fields (with "" escapes and embedded newlines), CRLF or LF,
// a UTF-8 byte-order mark. Yields each record with the line it starts on, so errors can name it.
import { createReadStream } from 'node:fs';

export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

export async function* readCsv(path: string, delimiter = ','): AsyncGenerator<CsvRecord> {
  let field = '';
  let fields: string[] = [];
  let inQuotes = false;
  let afterQuote = false;
  let line = 1;
  let recordLine = 1;
  let first = true;
  let pendingCR = false;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    let text = chunk as string;
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (pendingCR) {
        pendingCR = false;
        if (ch === '\n') continue;
      }
      if (inQuotes) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else {
            // Closing quote, unless it ends the chunk and the next chunk starts with a quote ("").
            inQuotes = false;
            afterQuote = true;
          }
        } else {
          if (ch === '\n') line++;
          field += ch;
        }
        continue;
      }
      if (ch === '"') {
        if (afterQuote) {
          // "" split across chunks: an escaped quote inside a quoted field.
          field += '"';
          inQuotes = true;
          afterQuote = false;
        } else if (field.length === 0) {
          inQuotes = true;
        } else {
          throw new CsvSyntaxError(line, 'a quote inside an unquoted field (quote the whole field and double the quote)');
        }
      } else if (ch === delimiter) {
        fields.push(field);
        field = '';
        afterQuote = false;
      } else if (ch === '\n' || ch === '\r') {
        fields.push(field);
        yield { line: recordLine, fields };
        fields = [];
        field = '';
        afterQuote = false;
        line++;
        recordLine = line;
        pendingCR = ch === '\r';
      } else {
        if (afterQuote) throw new CsvSyntaxError(line, 'text after a closing quote');
        field += ch;
      }
    }
  }
  if (inQuotes) throw new CsvSyntaxError(recordLine, 'a quoted field is never closed');
  if (field.length > 0 || fields.length > 0) {
    fields.push(field);
    yield { line: recordLine, fields };
  }
}
