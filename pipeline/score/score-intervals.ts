// How sure, and when (docs/intervals.md): the per-customer intervals and next-purchase numbers that
// scoring stores beside each point estimate. One typed column each, NaN where there is none (no
// purchase before the as-of date, no fit, a model without a predictive distribution); the scores
// table holds them as NULL. Day columns count from the as-of date; score-rows.sql turns them into dates.
import { btydIntervals, type BtydIntervalOptions, type BtydIntervals, type BtydRfm } from '../btyd/btyd-intervals.ts';
import { CLV_MONTHLY_DISCOUNT, CLV_STEP_DAYS, summaryPositions, type CustomerBtyd } from '../btyd/customer-btyd.ts';
import { customerNextPurchase } from '../btyd/next-purchase.ts';
import { modelNextPurchase } from '../btyd/next-purchase-model.ts';
import { runWorker } from '../worker.ts';
import { valueIntervals } from '../../models/eval/intervals.ts';
import { modelIntervals } from '../train/value-intervals.ts';
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

/** Parameter draws and Monte Carlo sizes for scoring: a fraction of the evaluation's, for 1M customers. */
const SCORING_DRAWS = { draws: 12, predictiveDraws: 4, spendSamples: 1, seed: 1 };
/** From this many customers the BTYD intervals run on a worker thread, beside the network's inference. */
const WORKER_CUSTOMERS = 50_000;

export interface BtydBandOptions {
  horizonDays: number;
  valueHorizonDays: number;
  level: number;
}

/** What the intervals worker is given: the summary's numbers and the fits. */
export interface BandRequest {
  rfm: BtydRfm;
  fits: { bgnbd: NonNullable<CustomerBtyd['bgnbd']>; gammagamma: CustomerBtyd['gammagamma'] };
  options: BtydIntervalOptions;
}

/**
 * P(alive), purchases in the churn horizon (predictive) and CLV from BG/NBD x Gamma-Gamma with their
 * parameter uncertainty (pipeline/btyd/btyd-intervals.ts), in btyd.rfm's order; started at once (on
 * a worker thread for many customers) so scoring awaits it after the network. Null without a fit.
 */
export function startBtydBands(btyd: CustomerBtyd, options: BtydBandOptions): Promise<BtydIntervals> | null {
  if (!btyd.bgnbd) return null;
  const { frequency, recency, T, monetary } = btyd.rfm;
  const request: BandRequest = {
    rfm: { frequency, recency, T, monetary },
    fits: { bgnbd: btyd.bgnbd, gammagamma: btyd.gammagamma },
    options: {
      horizon: options.horizonDays,
      clv: { horizon: options.valueHorizonDays, step: CLV_STEP_DAYS, discountRate: CLV_MONTHLY_DISCOUNT },
      level: options.level,
      ...SCORING_DRAWS,
    },
  };
  if (frequency.length < WORKER_CUSTOMERS)
    return Promise.resolve(btydIntervals(request.rfm, request.fits, request.options));
  return runWorker<BtydIntervals>(new URL('./intervals-worker.ts', import.meta.url), request, 'intervals worker');
}

/**
 * Puts a customer's BTYD intervals (startBtydBands) and next purchase into snapshot order: the next
 * purchase's median date and interval given a purchase within a year (pipeline/btyd/next-purchase.ts),
 * shown only where one is more likely than not, and P(purchase within 7 / 30 days): with the model
 * version's learned correction (`info.nextPurchase`, what `churn evaluate` measures as shipped), BG/NBD's
 * own for a model trained before it (docs/btyd.md, "Next purchase").
 */
export function fillBtydIntervals(
  into: IntervalColumns,
  btyd: CustomerBtyd,
  bands: BtydIntervals | null,
  customerIds: readonly string[],
  level: number,
  metadata?: { info: Record<string, unknown> },
): void {
  if (!btyd.bgnbd) return;
  const position = summaryPositions(btyd.rfm.customerIds, customerIds);
  const put = (column: IntervalColumn, values: ArrayLike<number>) => {
    const out = into[column];
    for (let i = 0; i < position.length; i++) out[i] = position[i] < 0 ? NaN : values[position[i]];
  };
  if (bands) {
    put('p_alive_low', bands.pAliveLow);
    put('p_alive_high', bands.pAliveHigh);
    put('purchases_low', bands.purchasesLow);
    put('purchases_high', bands.purchasesHigh);
    put('clv_low', bands.clvLow);
    put('clv_high', bands.clvHigh);
  }
  const next = customerNextPurchase(btyd, { level, learned: metadata && modelNextPurchase(metadata) });
  const dated = (days: Float64Array) => days.map((d, k) => (next.pWithinHorizon[k] >= 0.5 ? d : NaN));
  put('next_purchase_days', dated(next.medianDays));
  put('next_purchase_low_days', dated(next.lowDays));
  put('next_purchase_high_days', dated(next.highDays));
  put('p_purchase_7', next.pWithin7);
  put('p_purchase_30', next.pWithin30);
}

/**
 * The shipped value's interval: its prediction times the quantiles of actual / predicted value in its
 * prediction bin, calibrated on the validation window when the model was trained (pipeline/train/
 * value-intervals.ts). A model trained before intervals existed gives none.
 */
export function fillValueIntervals(
  into: IntervalColumns,
  metadata: { info: Record<string, unknown> },
  value: ArrayLike<number>,
  level: number,
): void {
  const stored = modelIntervals(metadata);
  if (!stored) return;
  const { low, high } = valueIntervals(stored.value, value, level);
  into.value_low.set(low);
  into.value_high.set(high);
}

/** The shipped churn probability's interval (the churn head's bootstrap, computed with the scores); none from a version without one. */
export function fillChurnIntervals(
  into: IntervalColumns,
  inference: { churnLow?: Float64Array; churnHigh?: Float64Array },
): void {
  if (!inference.churnLow || !inference.churnHigh) return;
  into.churn_low.set(inference.churnLow);
  into.churn_high.set(inference.churnHigh);
}
