// Facts about the loaded interaction history that several stages need: its date range and the
// default as-of date (the day after the last event).
import type { Database } from './db/database.ts';
import { addDays, parseDate } from './dates.ts';
import { UserError } from './errors.ts';

export interface HistoryRange {
  customers: number;
  events: number;
  firstEvent: string | null;
  lastEvent: string | null;
  /** Day after the last event: the first day nothing is known about. */
  defaultAsOf: string | null;
}

export async function historyRange(db: Database): Promise<HistoryRange> {
  const [row] = await db.all<{ customers: number; events: number; first: string | null; last: string | null }>(
    `SELECT (SELECT count(*) FROM customers) AS customers, count(*) AS events,
            strftime(min(ts), '%Y-%m-%d') AS first, strftime(max(ts), '%Y-%m-%d') AS last
     FROM events`,
    {},
    'history range',
  );
  return {
    customers: row.customers,
    events: row.events,
    firstEvent: row.first,
    lastEvent: row.last,
    defaultAsOf: row.last === null ? null : addDays(row.last, 1),
  };
}

/** The as-of date to use: the one given (validated), else the day after the last event. */
export async function resolveAsOf(db: Database, asOf: string | undefined): Promise<{ asOf: string; range: HistoryRange }> {
  const range = await historyRange(db);
  if (asOf !== undefined) return { asOf: parseDate(asOf, '--as-of'), range };
  if (range.defaultAsOf === null) {
    throw new UserError(`database ${db.path} has no events: run \`churn demo\` or \`churn ingest\` first`);
  }
  return { asOf: range.defaultAsOf, range };
}
