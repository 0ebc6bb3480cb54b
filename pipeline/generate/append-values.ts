// Nullable values for a DuckDB Appender (the generators' loads).
import type { DuckDBAppender } from '@duckdb/node-api';
import type { EventRow } from './generator.ts';

export function appendText(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

export function appendNumber(appender: DuckDBAppender, value: number | null): void {
  if (value === null) appender.appendNull();
  else appender.appendDouble(value);
}

/** The columns every generated event has, event_id to text (staging tables keep ts as epoch ms); no endRow. */
export function appendEventColumns(appender: DuckDBAppender, e: EventRow): void {
  appender.appendVarchar(e.event_id);
  appender.appendVarchar(e.customer_id);
  appender.appendDouble(e.ts);
  appender.appendVarchar(e.type);
  appendNumber(appender, e.amount);
  appendNumber(appender, e.score);
  appendText(appender, e.channel);
  appendText(appender, e.text);
}

/** Closes (flushes) appenders; after a failure mid-row closing would throw and hide the original error. */
export function closeAppenders(appenders: DuckDBAppender[], completed: boolean): void {
  for (const appender of appenders) {
    try {
      appender.closeSync();
    } catch (error) {
      if (completed) throw error;
    }
  }
}
