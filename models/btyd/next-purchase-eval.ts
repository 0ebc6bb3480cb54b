// How good a next-purchase prediction was, against what the customers did after the as-of date, and
// the "usual gap" baseline it is judged against. Whom each number is over is part of its definition:
//   dates        customers who bought within the holdout window (the window being the prediction's
//                date horizon, so the date is the model's median given a purchase in it): absolute
//                error in days of the predicted day vs the actual first purchase day, the baseline's
//                on the same customers beside it; again over the buyers the model "expected"
//                (P(within the horizon) >= 0.5). Customers with no purchase in the window (censored:
//                their date is unknown, only later than the window) get no error; counted apart:
//                those the model expected and those the baseline dated inside the window.
//   interval     buyers in the window: is the actual day within [low, high].
//   P(within d)  every customer, with the label "bought on day offsets 0..d-1": ECE over 10 bins.
import type { RfmData } from './data.ts';
import type { NextPurchase } from './next-purchase.ts';
import { expectedCalibrationError } from '../eval/ranking-metrics.ts';

/**
 * The usual-gap baseline's day offset from the as-of date: the last purchase plus the customer's mean
 * gap between purchase days (t_x / x, days); without a repeat purchase, the median of those means over
 * the repeat customers. A date already past is predicted for the as-of date itself.
 */
export function usualGapDays(data: RfmData): Float64Array {
  const n = data.frequency.length;
  const gaps: number[] = [];
  for (let i = 0; i < n; i++) if (data.frequency[i] > 0) gaps.push(data.recency[i] / data.frequency[i]);
  const population = median(gaps);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = data.frequency[i];
    const gap = x > 0 ? data.recency[i] / x : population;
    // The last purchase was on day offset -(T - t_x) - 1 from the as-of date.
    out[i] = Math.max(Math.round(gap - (data.T[i] - data.recency[i]) - 1), 0);
  }
  return out;
}

export interface DateErrors {
  /** Customers scored. */
  n: number;
  medianAbsError: number | null;
  meanAbsError: number | null;
  baselineMedianAbsError: number | null;
  baselineMeanAbsError: number | null;
  /** Model / baseline median absolute error (the target: <= 0.8). */
  ratio: number | null;
}

export interface NextPurchaseScore {
  customers: number;
  windowDays: number;
  /** Customers with a purchase in the window. */
  buyers: number;
  /** Customers without one: censored at the window's end. */
  censored: number;
  /** Every buyer. */
  dates: DateErrors;
  /** The buyers the model expected (P(within the horizon) >= 0.5). */
  datesExpected: DateErrors;
  /** Censored customers the model expected, and those the baseline dated inside the window. */
  censoredDated: { model: number; baseline: number };
  /** Share of buyers whose actual day is inside the interval. */
  intervalCoverage: number | null;
  /** ECE over 10 bins of P(within d) vs bought within d, every customer; null when the window is shorter. */
  ece: { within7: number | null; within30: number | null };
  /** Mean P(within 30 days) and the share who did (a level check beside the ECE). */
  within30: { predicted: number; actual: number } | null;
}

/**
 * `actualDays`: each customer's first purchase day offset from the as-of date, NaN when there is none
 * in the window of `windowDays` days; `prediction`'s pWithin7/pWithin30 are the ones judged (raw or calibrated).
 */
export function scoreNextPurchase(
  prediction: NextPurchase,
  baselineDays: ArrayLike<number>,
  actualDays: ArrayLike<number>,
  windowDays: number,
): NextPurchaseScore {
  const n = actualDays.length;
  const all = { model: [] as number[], base: [] as number[] };
  const expected = { model: [] as number[], base: [] as number[] };
  const censoredDated = { model: 0, baseline: 0 };
  let covered = 0;
  for (let i = 0; i < n; i++) {
    const k = actualDays[i];
    const isExpected = prediction.pWithinHorizon[i] >= 0.5;
    if (Number.isNaN(k)) {
      if (isExpected) censoredDated.model++;
      if (baselineDays[i] < windowDays) censoredDated.baseline++;
      continue;
    }
    const model = Math.abs(prediction.medianDays[i] - k);
    const base = Math.abs(baselineDays[i] - k);
    all.model.push(model);
    all.base.push(base);
    if (isExpected) {
      expected.model.push(model);
      expected.base.push(base);
    }
    if (prediction.lowDays[i] <= k && k <= prediction.highDays[i]) covered++;
  }
  const buyers = all.model.length;
  return {
    customers: n,
    windowDays,
    buyers,
    censored: n - buyers,
    dates: dateErrors(all.model, all.base),
    datesExpected: dateErrors(expected.model, expected.base),
    censoredDated,
    intervalCoverage: buyers ? covered / buyers : null,
    ece: {
      within7: windowDays >= 7 ? withinEce(prediction.pWithin7, actualDays, 7) : null,
      within30: windowDays >= 30 ? withinEce(prediction.pWithin30, actualDays, 30) : null,
    },
    within30: windowDays >= 30 ? levels(prediction.pWithin30, actualDays, 30) : null,
  };
}

function dateErrors(model: number[], base: number[]): DateErrors {
  const m = orNull(median(model));
  const b = orNull(median(base));
  return {
    n: model.length,
    medianAbsError: m,
    meanAbsError: orNull(mean(model)),
    baselineMedianAbsError: b,
    baselineMeanAbsError: orNull(mean(base)),
    ratio: m !== null && b ? m / b : null,
  };
}

/** 1 when the customer bought on day offsets 0..days-1. */
export function boughtWithin(actualDays: ArrayLike<number>, days: number): Float64Array {
  return Float64Array.from(actualDays, (k) => (k < days ? 1 : 0));
}

function withinEce(p: ArrayLike<number>, actualDays: ArrayLike<number>, days: number): number {
  return expectedCalibrationError(boughtWithin(actualDays, days), p);
}

function levels(p: ArrayLike<number>, actualDays: ArrayLike<number>, days: number) {
  return { predicted: mean(Array.from(p)), actual: mean(Array.from(boughtWithin(actualDays, days))) };
}

/** The median (NaN for none). */
export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return values.length ? s / values.length : NaN;
}

const orNull = (v: number) => (Number.isNaN(v) ? null : v);
