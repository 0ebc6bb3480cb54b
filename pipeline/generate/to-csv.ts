// Writes the synthetic history as the canonical CSV files `churn ingest` reads: customers.csv and
// events.csv. UTF-8 without a byte-order mark, comma-separated, LF line ends, a header row with the
// canonical column names in order (pipeline/vocabulary.ts), RFC 4180 quoting only where a field needs
// it (comma, quote, line break), an empty field for null, ts as 'YYYY-MM-DD HH:MM:SS' UTC, amounts with 2 decimals.
// Rows are streamed to disk in ~1 MB writes; each file is written under a temporary name and renamed
// when complete, so a failed run never leaves a truncated file behind.

import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { quoteField } from '../csv.ts';
import { commitPartialSync, discardPartialSync, partialPath } from '../atomic-write.ts';
import { silentLogger, type Logger } from '../log.ts';
import { columnsOf } from '../vocabulary.ts';
import {
  generateHistory,
  type CustomerRow,
  type EventRow,
  type GenerateOptions,
  type GenerateSummary,
} from './generator.ts';

// The header is the canonical columns; customerLine and eventLine write the fields in that order.
export const CUSTOMER_COLUMNS = columnsOf('customers');
// The generator writes no order lines or survey scales: the columns up to text.
export const EVENT_COLUMNS = columnsOf('events').slice(0, columnsOf('events').indexOf('text') + 1);

/** Writes `customers.csv` and `events.csv` into `outDir` (created if missing, files replaced). */
export async function generateToCsv(
  outDir: string,
  options: GenerateOptions,
  logger: Logger = silentLogger,
): Promise<GenerateSummary> {
  mkdirSync(outDir, { recursive: true });
  const files: CsvFile[] = [];
  const progress = logger.progress('generating', 1);
  try {
    const customers = new CsvFile(join(outDir, 'customers.csv'), CUSTOMER_COLUMNS);
    files.push(customers);
    const events = new CsvFile(join(outDir, 'events.csv'), EVENT_COLUMNS);
    files.push(events);
    const ts = timestampFormatter();
    const summary = generateHistory(options, {
      customer: (c) => customers.write(customerLine(c)),
      event: (e) => events.write(eventLine(e, ts)),
      progress: (done, total) => progress.tick(done / total),
    });
    for (const file of files) file.commit();
    return summary;
  } finally {
    progress.done();
    for (const file of files) file.discard();
  }
}

export function customerLine(c: CustomerRow): string {
  return `${field(c.customer_id)},${c.signup_date},${field(c.region)},${field(c.channel)},${field(c.plan)},${field(c.name)},${field(c.email)},${field(c.phone)}\n`;
}

export function eventLine(e: EventRow, ts: (ms: number) => string = timestampFormatter()): string {
  const amount = e.amount === null ? '' : e.amount.toFixed(2);
  const score = e.score === null ? '' : String(e.score);
  return `${field(e.event_id)},${field(e.customer_id)},${ts(e.ts)},${e.type},${amount},${score},${field(e.channel)},${field(e.text)}\n`;
}

/** One CSV field: empty for null, quoted (with doubled quotes) only when it must be. */
export function field(value: string | null): string {
  return value === null ? '' : quoteField(value);
}

const DAY_MS = 86_400_000;

/**
 * Formats epoch milliseconds as 'YYYY-MM-DD HH:MM:SS' (UTC). Events come in time order, so the date
 * part is cached: Date#toISOString for each of millions of rows would dominate the write.
 */
export function timestampFormatter(): (ms: number) => string {
  let cachedDay = NaN;
  let cachedDate = '';
  return (ms) => {
    const day = Math.floor(ms / DAY_MS);
    if (day !== cachedDay) {
      cachedDay = day;
      cachedDate = new Date(day * DAY_MS).toISOString().slice(0, 10);
    }
    const seconds = Math.floor((ms - day * DAY_MS) / 1000);
    return `${cachedDate} ${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
  };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A CSV file written in ~1 MB pieces under a temporary name, renamed into place on commit. */
export class CsvFile {
  private readonly fd: number;
  private buffer = '';
  private open = true;

  constructor(
    private readonly path: string,
    columns: readonly string[],
  ) {
    this.fd = openSync(partialPath(path), 'w');
    this.buffer = columns.join(',') + '\n';
  }

  write(line: string): void {
    this.buffer += line;
    if (this.buffer.length >= 1 << 20) this.flush();
  }

  commit(): void {
    this.flush();
    closeSync(this.fd);
    this.open = false;
    commitPartialSync(this.path);
  }

  /** Removes the temporary file unless it was committed. */
  discard(): void {
    if (!this.open) return;
    closeSync(this.fd);
    this.open = false;
    discardPartialSync(this.path);
  }

  private flush(): void {
    if (this.buffer.length > 0) writeSync(this.fd, this.buffer);
    this.buffer = '';
  }
}
