// Parquet, JSON (array or object per line) and NDJSON through DuckDB's own readers, streamed chunk by
// chunk with every value cast to text, so they go through the same mapping and validation as CSV.
// The "line" of a record is its position in the file (1-based), which is its line in NDJSON.
// The file is read through its own in-memory DuckDB instance: a result streamed on the connection the
// load then writes through is cut short by those writes (after the first 2,048-row chunk), silently.
import { openDatabase } from '../../db/database.ts';
import { InputError, QueryError } from '../../errors.ts';
import type { Source, SourceRecord } from './source.ts';

const READERS = {
  parquet: 'read_parquet($file)',
  json: "read_json($file, format = 'auto', sample_size = -1)",
  ndjson: "read_json($file, format = 'newline_delimited', sample_size = -1)",
} as const;

export async function openWithDuckDb(file: string, format: keyof typeof READERS): Promise<Source> {
  const sql = `SELECT COLUMNS(*)::VARCHAR FROM ${READERS[format]}`;
  const reader = await openDatabase(':memory:', { readOnly: false, schema: false });
  const batches = reader.stream(sql, { file }, `read ${format}`);
  let first: IteratorResult<{ columns: string[]; rows: unknown[][] }>;
  try {
    first = await batches.next();
  } catch (error) {
    reader.close();
    throw new InputError(file, `not a readable ${format === 'parquet' ? 'Parquet' : 'JSON'} file: ${reason(error)}`);
  }
  const columns = first.done ? [] : first.value.columns;
  async function* records(): AsyncGenerator<SourceRecord> {
    let n = 0;
    const emit = function* (rows: unknown[][]) {
      for (const row of rows) {
        n++;
        const fields = row.map((v) => (v === null || v === undefined ? null : String(v)));
        yield { line: n, fields, raw: JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, fields[i]]))) };
      }
    };
    try {
      if (first.done) return;
      yield* emit(first.value.rows);
      try {
        for await (const batch of batches) yield* emit(batch.rows);
      } catch (error) {
        throw new InputError(file, `unreadable after record ${n}: ${reason(error)}`);
      }
    } finally {
      reader.close();
    }
  }
  const splitRaw = (raw: string) => {
    const values = JSON.parse(raw) as Record<string, string | null>;
    return columns.map((c) => values[c] ?? '');
  };
  return { columns, records: records(), info: { format, empty: false }, splitRaw };
}

function reason(error: unknown): string {
  const message =
    error instanceof QueryError
      ? String((error.cause as Error)?.message ?? error.message)
      : String((error as Error).message);
  return message.split('\n')[0].replace(/^[A-Za-z ]+Error: /, '');
}
