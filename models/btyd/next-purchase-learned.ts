// The shipped next purchase: BG/NBD's own (next-purchase.ts) corrected by a small model learned on
// earlier cutoffs of the same shop (pipeline/btyd/next-purchase-model.ts fits it; never on the window
// it is judged on). BG/NBD's purchases are a stationary Poisson process per customer; real shops and
// the demo buy at a rhythm and drift, which leaves its P(within d) off in level and its dates late or
// early for regular buyers.
//   P(within 7 / 30 days)  logistic regression on BG/NBD's own logits (P(within 7), P(within 30),
//                          P(alive)) and a few history numbers: log(1 + x), log(1 + T), log(1 + days
//                          since the last purchase), that gap over the customer's usual gap, no repeat yet.
//   the median date        a blend in log(1 + days) of BG/NBD's median and the usual-gap date
//                          (next-purchase-eval.ts usualGapDays), the weight chosen on the earlier cutoffs.
// The interval and P(within the horizon) stay BG/NBD's; the interval is widened to hold the median.
import { fitLogistic } from '../eval/logistic.ts';
import type { RfmData } from './data.ts';
import { median, usualGapDays } from './next-purchase-eval.ts';
import type { NextPurchase } from './next-purchase.ts';

export interface LearnedNextPurchase {
  /** The earlier cutoffs it was fitted at (labels end the day before the as-of date). */
  cutoffs: string[];
  /** Customer histories pooled over the cutoffs. */
  rows: number;
  /** Logistic weights ([0] the intercept) over nextPurchaseFeatures' columns. */
  within7: number[];
  within30: number[];
  /** Weight of BG/NBD's median in the log blend with the usual-gap date (1: BG/NBD's alone). */
  dateWeight: number;
}

/** One earlier cutoff's histories, BG/NBD's prediction there and what the customers then did. */
export interface NextPurchaseSample {
  data: RfmData;
  raw: NextPurchase;
  /** First purchase day offset from the cutoff; NaN: none by the window's end. */
  actualDays: ArrayLike<number>;
  windowDays: number;
}

export const FEATURE_COUNT = 8;
const DATE_WEIGHTS = Array.from({ length: 21 }, (_, k) => k / 20);

/** Row-major features per customer (FEATURE_COUNT columns). */
export function nextPurchaseFeatures(data: RfmData, raw: NextPurchase): Float64Array {
  const n = data.frequency.length;
  const out = new Float64Array(n * FEATURE_COUNT);
  for (let i = 0; i < n; i++) featuresOf(data, raw, i, out.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT));
  return out;
}

/** Customer i's features into `row` (no allocation: scoring runs this for every customer). */
function featuresOf(data: RfmData, raw: NextPurchase, i: number, row: Float64Array): void {
  const x = data.frequency[i];
  const since = data.T[i] - data.recency[i];
  row[0] = logit(raw.pWithin30[i]);
  row[1] = logit(raw.pWithin7[i]);
  row[2] = logit(raw.pEver[i]);
  row[3] = Math.log1p(x);
  row[4] = Math.log1p(data.T[i]);
  row[5] = Math.log1p(since);
  row[6] = x > 0 ? Math.log((since + 1) / (data.recency[i] / x + 1)) : 0;
  row[7] = x > 0 ? 0 : 1;
}

/** Fits the correction on the pooled earlier cutoffs (every customer for P(within d), the buyers for the date). */
export function fitLearnedNextPurchase(samples: NextPurchaseSample[], cutoffs: string[]): LearnedNextPurchase {
  const rows = samples.reduce((s, x) => s + x.data.frequency.length, 0);
  const features = new Float64Array(rows * FEATURE_COUNT);
  const y7 = new Float64Array(rows);
  const y30 = new Float64Array(rows);
  let at = 0;
  for (const s of samples) {
    features.set(nextPurchaseFeatures(s.data, s.raw), at * FEATURE_COUNT);
    for (let i = 0; i < s.data.frequency.length; i++, at++) {
      y7[at] = s.actualDays[i] < 7 ? 1 : 0;
      y30[at] = s.actualDays[i] < 30 ? 1 : 0;
    }
  }
  return {
    cutoffs,
    rows,
    within7: fitLogistic(features, rows, FEATURE_COUNT, y7).weights,
    within30: fitLogistic(features, rows, FEATURE_COUNT, y30).weights,
    dateWeight: fitDateWeight(samples),
  };
}

/** `raw` (bgNbdNextPurchaseAll on `data` with this horizon) with the learned P(within d) and median date. */
export function applyLearnedNextPurchase(
  model: LearnedNextPurchase,
  data: RfmData,
  raw: NextPurchase,
  horizonDays: number,
): NextPurchase {
  const n = data.frequency.length;
  const pWithin7 = new Float64Array(n);
  const pWithin30 = new Float64Array(n);
  const row = new Float64Array(FEATURE_COUNT);
  for (let i = 0; i < n; i++) {
    featuresOf(data, raw, i, row);
    pWithin30[i] = expit(model.within30, row);
    // Two separate fits: keep P(within 7) <= P(within 30) for every customer.
    pWithin7[i] = Math.min(expit(model.within7, row), pWithin30[i]);
  }
  const baseline = usualGapDays(data);
  const medianDays = raw.medianDays.map((d, i) =>
    blendDays(d, Math.min(baseline[i], horizonDays - 1), model.dateWeight),
  );
  return {
    ...raw,
    pWithin7,
    pWithin30,
    medianDays,
    lowDays: raw.lowDays.map((d, i) => Math.min(d, medianDays[i])),
    highDays: raw.highDays.map((d, i) => Math.max(d, medianDays[i])),
  };
}

/** The weight whose blended dates have the least median absolute error over the samples' buyers (ties: the least mean). */
function fitDateWeight(samples: NextPurchaseSample[]): number {
  const baselines = samples.map((s) => usualGapDays(s.data));
  let best = { weight: 1, median: Infinity, mean: Infinity };
  for (const weight of DATE_WEIGHTS) {
    const errors: number[] = [];
    for (const [j, s] of samples.entries()) {
      const baseline = baselines[j];
      for (let i = 0; i < s.actualDays.length; i++) {
        const k = s.actualDays[i];
        if (Number.isNaN(k)) continue;
        errors.push(Math.abs(blendDays(s.raw.medianDays[i], Math.min(baseline[i], s.windowDays - 1), weight) - k));
      }
    }
    // Errors are whole days, so medians tie often: the mean breaks the tie.
    const m = median(errors);
    const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
    if (m < best.median || (m === best.median && mean < best.mean)) best = { weight, median: m, mean };
  }
  return best.weight;
}

/** exp(w log(1 + a) + (1 - w) log(1 + b)) - 1, rounded to a day; the model's day without a baseline. */
export function blendDays(model: number, baseline: number, weight: number): number {
  if (Number.isNaN(baseline)) return model;
  return Math.round(Math.exp(weight * Math.log1p(model) + (1 - weight) * Math.log1p(baseline)) - 1);
}

/** The logistic model's probability for one row of features. */
function expit(weights: number[], row: Float64Array): number {
  let z = weights[0];
  for (let j = 0; j < FEATURE_COUNT; j++) z += weights[j + 1] * row[j];
  return 1 / (1 + Math.exp(-z));
}

function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
  return Math.log(q / (1 - q));
}
