// What every reader yields: records of text fields with the line they start on and their raw text,
// so a rejected row can be shown (and fixed) exactly as it was.
export interface SourceRecord {
  line: number;
  fields: (string | null)[];
  raw: string;
  /** Set when the record could not be split into fields (broken quoting): the row is rejected. */
  error?: string;
}

export interface Source {
  /** Column names from the header (or the mapping), null when the file has neither. */
  columns: string[] | null;
  records: AsyncGenerator<SourceRecord>;
  /** Format facts discovered while opening (delimiter, header), for the log and --infer. */
  info: Record<string, unknown>;
  /** Splits a record's raw text back into its fields (for the rejects file). */
  splitRaw(raw: string): string[];
}

export type SourceFormat = 'csv' | 'parquet' | 'json' | 'ndjson';

export function formatFromExtension(file: string): SourceFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.parquet')) return 'parquet';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.json')) return 'json';
  return 'csv';
}
