// Subscriber lifetimes in calendar months, as the subscriptions page counts them: whole months by the
// calendar (a start on the 5th reaches 1 month on the next month's 5th; a day past the month's end is
// clamped to it, as DuckDB's to_months does) plus the share of the next month run. So a cover of k
// months ends at exactly k, and a cohort's periods line up with its contracts. Pure.

/** A 'YYYY-MM-DD HH:MM:SS' timestamp (no zone: DuckDB TIMESTAMP) as UTC milliseconds. */
export const timestampMs = (ts: string) => Date.parse(`${ts.replace(' ', 'T')}Z`);

/** ms + k calendar months, the day clamped to the target month's last day. */
export function addMonths(ms: number, k: number): number {
  const d = new Date(ms);
  const month = d.getUTCMonth() + k;
  const last = new Date(Date.UTC(d.getUTCFullYear(), month + 1, 0)).getUTCDate();
  return Date.UTC(
    d.getUTCFullYear(),
    month,
    Math.min(d.getUTCDate(), last),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

/** Calendar months from `from` to `to` (ms, to >= from): whole months plus the share of the next. */
export function calendarMonths(from: number, to: number): number {
  const a = new Date(from);
  const b = new Date(to);
  let k = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
  while (k > 0 && addMonths(from, k) > to) k--;
  while (addMonths(from, k + 1) <= to) k++;
  const base = addMonths(from, k);
  return k + (to - base) / (addMonths(from, k + 1) - base);
}

export type LifetimeRow = {
  customer_id: string;
  started: string;
  ended: string | null;
  paid_stop: string | null;
  ended_by: 'cancellation' | 'lapse' | null;
  current_plan: string | null;
};

export interface Lifetime {
  customerId: string;
  started: number;
  /** Months from the start to the end, or to the as-of date (censored). */
  months: number;
  ended: boolean;
  /** When it ended (ms), null while subscribed. */
  end: number | null;
  /** Ended: the whole periods paid for (>= 1), the one whose end they did not renew at. */
  churnPeriod: number | null;
  plan: string | null;
}

export function lifetimesOf(rows: readonly LifetimeRow[], asOf: string): Lifetime[] {
  const end = timestampMs(`${asOf} 00:00:00`);
  return rows.map((r) => {
    const started = timestampMs(r.started);
    const stop = r.ended === null ? end : timestampMs(r.ended);
    return {
      customerId: r.customer_id,
      started,
      months: calendarMonths(started, Math.max(started, stop)),
      ended: r.ended !== null,
      end: r.ended === null ? null : stop,
      churnPeriod:
        r.paid_stop === null
          ? null
          : Math.max(1, Math.ceil(calendarMonths(started, Math.max(started, timestampMs(r.paid_stop))) - 1e-9)),
      plan: r.current_plan,
    };
  });
}

/** The signup cohort of a start: its year, or its quarter ('2025-Q3'). */
export function cohortOf(ms: number, grain: CohortGrain): string {
  const d = new Date(ms);
  const year = String(d.getUTCFullYear());
  return grain === 'year' ? year : `${year}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

export type CohortGrain = 'year' | 'quarter';

/** Years when they give 2-8 cohorts, else quarters when those are 8 or fewer, else years. */
export function cohortGrain(starts: readonly number[]): CohortGrain {
  const count = (grain: CohortGrain) => new Set(starts.map((s) => cohortOf(s, grain))).size;
  const years = count('year');
  if (years >= 2 && years <= 8) return 'year';
  return count('quarter') <= 8 ? 'quarter' : 'year';
}
