// Predicted-value intervals for any value model, calibrated by split conformal prediction on the
// validation window (never the test window): the validation customers are cut into bins of the
// prediction, and each bin keeps the distribution of actual / predicted (a quantile grid). A new
// customer's interval is its prediction times its bin's ratio quantiles, so the interval widens
// with the prediction and covers the nominal share of customers like those it was calibrated on.
//
// The point mass at 0 (customers who buy nothing): a ratio of 0 is an actual of 0. When a bin's
// share of zeros p0 exceeds the lower tail (1 - level) / 2, the interval starts at 0 and ends at
// the level quantile ([0, Q(level)] holds exactly `level` of the bin); when p0 >= level the
// interval is [0, 0], which contains 0. Otherwise it is equal-tailed. A bin of mostly zeros thus
// covers more than the level (its p0); the other bins' level is lowered so that the share covered
// over all the validation customers is the level (nominalLevel): the target is marginal coverage.
// A prediction of 0 (BG/NBD for a customer with no repeat purchase) has no ratio: those customers
// form their own bin of absolute amounts.

export const VALUE_INTERVALS_FORMAT = 'value-intervals/1';
/** Grid of stored quantiles: levels k / GRID, k = 0..GRID. */
const GRID = 100;
const DEFAULT_BINS = 10;
/** Fewer validation customers per bin than this and the bins are merged (fewer of them). */
const MIN_BIN_ROWS = 200;

export interface RatioBin {
  rows: number;
  /** Share of the bin's customers whose actual value is 0. */
  zeroShare: number;
  /** Quantiles of actual / predicted (absolute amounts in the zero-prediction bin) at k / 100. */
  quantiles: number[];
}

export interface ValueIntervalCalibration {
  format: typeof VALUE_INTERVALS_FORMAT;
  method: 'conformal-ratio';
  /** Upper prediction edge of every bin but the last, ascending (a prediction <= edges[b] is in bin b or lower). */
  edges: number[];
  bins: RatioBin[];
  /** Customers predicted 0 (absent when the validation window had none). */
  zero?: RatioBin;
}

/** Fits the calibration on validation predictions (as shipped: level included) and actual values. */
export function fitValueIntervals(
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
  bins = DEFAULT_BINS,
): ValueIntervalCalibration {
  const positive: number[] = [];
  const zeroRows: number[] = [];
  for (let i = 0; i < predicted.length; i++) (predicted[i] > 0 ? positive : zeroRows).push(i);
  positive.sort((a, b) => predicted[a] - predicted[b]);
  const count = Math.max(1, Math.min(bins, Math.floor(positive.length / MIN_BIN_ROWS)));
  const edges: number[] = [];
  const out: RatioBin[] = [];
  for (let b = 0; b < count; b++) {
    const rows = positive.slice(
      Math.floor((b * positive.length) / count),
      Math.floor(((b + 1) * positive.length) / count),
    );
    out.push(ratioBin(rows.map((i) => actual[i] / predicted[i])));
    if (b < count - 1) edges.push(predicted[rows[rows.length - 1]]);
  }
  return {
    format: VALUE_INTERVALS_FORMAT,
    method: 'conformal-ratio',
    edges,
    bins: out,
    ...(zeroRows.length ? { zero: ratioBin(zeroRows.map((i) => actual[i])) } : {}),
  };
}

function ratioBin(values: number[]): RatioBin {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let zeros = 0;
  while (zeros < n && sorted[zeros] <= 0) zeros++;
  // The order statistic at ceil(u n) (conformal: the smallest value with at least u n below or at it).
  const quantiles = Array.from({ length: GRID + 1 }, (_, k) =>
    n ? round(sorted[Math.min(n - 1, Math.max(0, Math.ceil((k / GRID) * n) - 1))]) : 0,
  );
  return { rows: n, zeroShare: n ? zeros / n : 1, quantiles };
}

/** The customer's bin: the zero bin for a prediction of 0 (the first bin when there is none). */
export function binOf(calibration: ValueIntervalCalibration, predicted: number): RatioBin {
  if (!(predicted > 0) && calibration.zero) return calibration.zero;
  const { edges } = calibration;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (predicted <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return calibration.bins[lo];
}

/** The bin's quantile of actual / predicted (or amount) at u, by linear interpolation of the grid. */
export function binQuantile(bin: RatioBin, u: number): number {
  const x = Math.min(Math.max(u, 0), 1) * GRID;
  const k = Math.min(Math.floor(x), GRID - 1);
  return bin.quantiles[k] + (x - k) * (bin.quantiles[k + 1] - bin.quantiles[k]);
}

/**
 * The quantile levels [a, b] of a bin's interval at `level`: with the finite-sample conformal
 * correction level (n + 1) / n, and the point-mass rule of the header.
 */
export function intervalLevels(bin: RatioBin, level: number): [number, number] {
  const target = corrected(bin, level);
  const tail = (1 - target) / 2;
  if (bin.zeroShare >= target) return [0, 0];
  if (bin.zeroShare > tail) return [0, target];
  return [tail, 1 - tail];
}

/** The finite-sample conformal level of a bin: level (n + 1) / n, at most 1. */
function corrected(bin: RatioBin, level: number): number {
  return Math.min(1, (level * (bin.rows + 1)) / Math.max(bin.rows, 1));
}

/**
 * The per-bin level at which the validation customers are covered `level` of the time overall: a
 * bin at nominal level L covers max(p0, L) of its customers (its zeros are all inside once p0 >= L).
 * Bisection on L in [0, level]; `level` itself when no bin's zeros exceed it.
 */
export function nominalLevel(calibration: ValueIntervalCalibration, level: number): number {
  const bins = calibration.zero ? [...calibration.bins, calibration.zero] : calibration.bins;
  const rows = bins.reduce((n, b) => n + b.rows, 0);
  const covered = (l: number) =>
    bins.reduce((sum, b) => sum + b.rows * Math.max(b.zeroShare, corrected(b, l)), 0) / Math.max(rows, 1);
  if (covered(level) <= level) return level;
  let lo = 0;
  let hi = level;
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    if (covered(mid) > level) hi = mid;
    else lo = mid;
  }
  return lo;
}

export interface ValueIntervals {
  low: Float64Array;
  high: Float64Array;
}

/** Per customer: the `level` interval of the actual value around the shipped prediction. */
export function valueIntervals(
  calibration: ValueIntervalCalibration,
  predicted: ArrayLike<number>,
  level = 0.8,
): ValueIntervals {
  checkLevel(level);
  const n = predicted.length;
  const low = new Float64Array(n);
  const high = new Float64Array(n);
  // A bin's levels and ratio quantiles once per bin, not per customer.
  const cache = new Map<RatioBin, [number, number]>();
  const nominal = nominalLevel(calibration, level);
  for (let i = 0; i < n; i++) {
    const p = predicted[i];
    const bin = binOf(calibration, p);
    let q = cache.get(bin);
    if (!q) {
      const [a, b] = intervalLevels(bin, nominal);
      q = [a === 0 ? 0 : binQuantile(bin, a), b === 0 ? 0 : binQuantile(bin, b)];
      cache.set(bin, q);
    }
    const times = bin === calibration.zero ? 1 : p;
    low[i] = q[0] * times;
    high[i] = q[1] * times;
  }
  return { low, high };
}

/** One customer's interval (the same as valueIntervals for one row). */
export function valueInterval(
  calibration: ValueIntervalCalibration,
  predicted: number,
  level = 0.8,
): { low: number; high: number } {
  const { low, high } = valueIntervals(calibration, [predicted], level);
  return { low: low[0], high: high[0] };
}

export interface Coverage {
  level: number;
  /** Share of customers whose actual value lies in [low, high]. */
  coverage: number;
  /** Mean of high - low. */
  meanWidth: number;
  /** Share of customers whose interval is [0, 0]. */
  zeroWidth: number;
  rows: number;
}

/** How often the intervals hold the actual values, and how wide they are. */
export function coverage(intervals: ValueIntervals, actual: ArrayLike<number>, level: number): Coverage {
  const n = actual.length;
  let inside = 0;
  let width = 0;
  let zeroWidth = 0;
  for (let i = 0; i < n; i++) {
    // A relative tolerance: float rounding of predicted x ratio must not exclude an exact match.
    const tol = 1e-9 * Math.max(1, Math.abs(actual[i]));
    if (actual[i] >= intervals.low[i] - tol && actual[i] <= intervals.high[i] + tol) inside++;
    width += intervals.high[i] - intervals.low[i];
    if (intervals.high[i] === 0) zeroWidth++;
  }
  return {
    level,
    coverage: round(inside / Math.max(n, 1)),
    meanWidth: round(width / Math.max(n, 1)),
    zeroWidth: round(zeroWidth / Math.max(n, 1)),
    rows: n,
  };
}

export function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`interval level must be between 0 and 1, got ${level}`);
}

function round(x: number): number {
  return Number(x.toPrecision(7));
}
