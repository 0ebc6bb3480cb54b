// How sure, and when (docs/intervals.md): the per-customer intervals and next-purchase numbers that
// scoring stores beside each point estimate. One typed column each, NaN where there is none (no
// purchase before the as-of date, no fit, a model without a predictive distribution); the scores
// table holds them as NULL. Day columns count from the as-of date; score-rows.sql turns them into dates.
export const INTERVAL_COLUMNS = [
  'value_low',
  'value_high',
  'churn_low',
  'churn_high',
  'p_alive_low',
  'p_alive_high',
  'purchases_low',
  'purchases_high',
  'clv_low',
  'clv_high',
  'next_purchase_days',
  'next_purchase_low_days',
  'next_purchase_high_days',
  'p_purchase_7',
  'p_purchase_30',
] as const;

export type IntervalColumn = (typeof INTERVAL_COLUMNS)[number];
export type IntervalColumns = Record<IntervalColumn, Float64Array>;

/** Every column NaN: what a model or fit that gives no interval leaves. */
export function emptyIntervals(n: number): IntervalColumns {
  return Object.fromEntries(INTERVAL_COLUMNS.map((c) => [c, new Float64Array(n).fill(NaN)])) as IntervalColumns;
}
