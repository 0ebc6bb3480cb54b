// Facts about the loaded interaction history that several stages need: its date range, the
// default as-of date (the day after the last event) and whether it covers a window of labels.
import type { Database } from './db/database.ts';
import { addDays, daysBetween, parseDate } from './dates.ts';
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
export async function resolveAsOf(
  db: Database,
  asOf: string | undefined,
): Promise<{ asOf: string; range: HistoryRange }> {
  const range = await historyRange(db);
  if (asOf !== undefined) return { asOf: parseDate(asOf, '--as-of'), range };
  if (range.defaultAsOf === null) {
    throw new UserError(`database ${db.path} has no events: run \`churn demo\` or \`churn ingest\` first`);
  }
  return { asOf: range.defaultAsOf, range };
}

/** A window of labels (or holdout outcomes) a command is about to read from the events. */
export interface LabelWindow {
  /** What needs the events, for the message: "labels at as-of 2026-05-01". */
  subject: string;
  /** The window's length and kind, for the message: "90-day horizon". */
  span: string;
  /** The last day whose events the window uses. */
  lastDay: string;
  /** The option that moves the window, and its value now: the message names the latest that fits. */
  option: string;
  value: string;
}

/**
 * Refuses a window that runs past the last event: after it nothing is known, so a customer without
 * events there is unobserved, not churned, and labels read from it (base rate 1, AUC NaN) are wrong.
 * Every command that labels with events after a date calls this (train, retrain, evaluate, btyd).
 */
export function requireLabelWindow(range: HistoryRange, window: LabelWindow): void {
  if (range.lastEvent === null)
    throw new UserError(
      `${window.subject} need events, and the database has no events: run \`churn demo\` or \`churn ingest\` first`,
    );
  const short = daysBetween(range.lastEvent, window.lastDay);
  if (short <= 0) return;
  throw new UserError(
    `${window.subject} need events until ${window.lastDay} (${window.span}), history ends ${range.lastEvent}: ` +
      `use ${window.option} ${addDays(window.value, -short)} or earlier`,
  );
}

/** `date`, or the day after the last event when that comes first: the first day nothing is known about. */
export function knownUntil(range: HistoryRange, date: string): string {
  return range.defaultAsOf !== null && range.defaultAsOf < date ? range.defaultAsOf : date;
}
