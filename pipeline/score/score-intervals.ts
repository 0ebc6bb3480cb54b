// How sure, and when (docs/intervals.md): the per-customer intervals and next-purchase numbers that
// scoring stores beside each point estimate. One typed column each, NaN where there is none (no
// purchase before the as-of date, no fit, a model without a predictive distribution); the scores
// table holds them as NULL. Day columns count from the as-of date; score-rows.sql turns them into dates.
import { btydIntervals } from '../btyd/btyd-intervals.ts';
import {
  CLV_MONTHLY_DISCOUNT,
  CLV_STEP_DAYS,
  summaryPositions,
  type CustomerBtyd,
} from '../btyd/customer-btyd.ts';
import { customerNextPurchase, fitNextPurchaseCalibration } from '../btyd/next-purchase.ts';
import type { Database } from '../db/database.ts';
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

/** Parameter draws and Monte Carlo sizes for scoring: a fraction of the evaluation's, fast at 1M customers. */
const SCORING_DRAWS = { draws: 40, predictiveDraws: 8, spendSamples: 60, seed: 1 };

/**
 * The BTYD side of a customer's intervals, in snapshot order: P(alive), purchases in the churn horizon
 * (predictive) and CLV from BG/NBD x Gamma-Gamma with their parameter uncertainty
 * (pipeline/btyd/btyd-intervals.ts), and the next purchase (pipeline/btyd/next-purchase.ts: the
 * median date and interval given a purchase within a year, shown only where one is more likely than
 * not; P(purchase within 7 / 30 days), calibrated on an earlier cutoff when that can be fitted).
 */
export async function fillBtydIntervals(
  db: Database,
  into: IntervalColumns,
  btyd: CustomerBtyd,
  customerIds: readonly string[],
  options: { asOf: string; horizonDays: number; valueHorizonDays: number; level: number },
): Promise<string[]> {
  if (!btyd.bgnbd) return [];
  const position = summaryPositions(btyd.rfm.customerIds, customerIds);
  const put = (column: IntervalColumn, values: ArrayLike<number>) => {
    const out = into[column];
    for (let i = 0; i < position.length; i++) out[i] = position[i] < 0 ? NaN : values[position[i]];
  };
  const bands = btydIntervals(
    btyd.rfm,
    { bgnbd: btyd.bgnbd, gammagamma: btyd.gammagamma },
    {
      horizon: options.horizonDays,
      clv: { horizon: options.valueHorizonDays, step: CLV_STEP_DAYS, discountRate: CLV_MONTHLY_DISCOUNT },
      level: options.level,
      ...SCORING_DRAWS,
    },
  );
  put('p_alive_low', bands.pAliveLow);
  put('p_alive_high', bands.pAliveHigh);
  put('purchases_low', bands.purchasesLow);
  put('purchases_high', bands.purchasesHigh);
  put('clv_low', bands.clvLow);
  put('clv_high', bands.clvHigh);
  const calibration = await fitNextPurchaseCalibration(db, options.asOf).catch(() => null);
  const next = customerNextPurchase(btyd, { level: options.level, calibration });
  // A date only where a purchase within the year is more likely than not; the probabilities always.
  const dated = (days: Float64Array) => days.map((d, k) => (next.pWithinHorizon[k] >= 0.5 ? d : NaN));
  put('next_purchase_days', dated(next.medianDays));
  put('next_purchase_low_days', dated(next.lowDays));
  put('next_purchase_high_days', dated(next.highDays));
  put('p_purchase_7', next.pWithin7);
  put('p_purchase_30', next.pWithin30);
  return bands.problems ?? [];
}
