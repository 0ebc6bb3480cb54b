// BG/NBD's time to the next purchase given a customer's history (x, t_x, T). While alive the customer
// buys at rate λ, and BG/NBD's death only happens right after a purchase, so a customer alive at T
// makes a next purchase after an Exponential(λ) wait; with the posterior λ ~ Gamma(r + x, α + T) that
// wait is Lomax: P(τ <= t | alive) = 1 - ((α + T)/(α + T + t))^(r + x). A dead customer never buys:
//   F(t) = P(next purchase in (T, T + t]) = P(alive | x, t_x, T) * (1 - ((α + T)/(α + T + t))^(r + x)),
// a defective distribution (F(∞) = P(alive)). Its q-quantile exists only when q < P(alive):
//   t_q = (α + T) * ((1 - q / P(alive))^(-1 / (r + x)) - 1).
// The date shown is the median (and the interval) of the next purchase GIVEN one within a horizon H
// (default 365 days): the quantiles of F(t) / F(H), which do not depend on P(alive); P(within H) says
// how likely that purchase is at all. The unconditional median (F(t) = 0.5) exists only when
// P(alive) > 0.5 and, with the heavy-tailed Gamma heterogeneity real data fits (r ~ 0.25 on CDNOW),
// lies years out even for customers who come back within months (docs/btyd.md, "Next purchase").
// Days are counted from the as-of date (the day after the calibration end T): a purchase on day
// offset k (0 = the as-of date) falls in (T + k, T + k + 1], so a quantile t is on day ceil(t) - 1
// and "within d days" (offsets 0..d-1) is F(d).
import { bgNbdPAlive, type BgNbdParams } from './bg-nbd.ts';
import type { RfmData } from './data.ts';
import { BtydError } from './errors.ts';

/** P(next purchase in (T, T + t] | x, t_x, T). */
export function bgNbdNextPurchaseCdf(params: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (!(t > 0)) return 0;
  return bgNbdPAlive(params, x, tx, T) * aliveWithin(params, t, x, T);
}

/** The q-quantile of the time to the next purchase after T (continuous, in the fit's unit); NaN when P(alive) <= q (it may never come). */
export function bgNbdNextPurchaseQuantile(params: BgNbdParams, q: number, x: number, tx: number, T: number): number {
  if (!(q > 0 && q < 1)) throw new BtydError('invalid-argument', `quantile must be in (0, 1), got ${q}`);
  return lomaxQuantile(q / bgNbdPAlive(params, x, tx, T), params.r + x, params.alpha + T);
}

/** The dates' default horizon: the next purchase given one within a year. */
export const DEFAULT_HORIZON_DAYS = 365;

export interface NextPurchaseOptions {
  /** Central interval probability (default 0.8: the 10% and 90% quantiles). */
  level?: number;
  /** The dates are of the next purchase given one within this many days (default 365). */
  horizonDays?: number;
}

/** The quantile u of the next purchase given one within h (continuous days after T). */
export function bgNbdNextPurchaseQuantileWithin(
  params: BgNbdParams,
  u: number,
  h: number,
  x: number,
  T: number,
): number {
  return lomaxQuantile(u * aliveWithin(params, h, x, T), params.r + x, params.alpha + T);
}

export interface NextPurchase {
  /** Day offset from the as-of date of the median next purchase given one within the horizon (date = as-of + days). */
  medianDays: Float64Array;
  /** Day offsets of the interval's quantiles, given a purchase within the horizon. */
  lowDays: Float64Array;
  highDays: Float64Array;
  /** P(a purchase within the horizon): how likely the dated purchase is at all ("not expected" below 0.5). */
  pWithinHorizon: Float64Array;
  /** P(a purchase on day offsets 0..6) and 0..29. */
  pWithin7: Float64Array;
  pWithin30: Float64Array;
  /** P(alive): the probability of any next purchase at all. */
  pEver: Float64Array;
}

/** The next purchase of every customer of `data` (a BG/NBD fit in days). A few exp/log per customer, no pattern tables. */
export function bgNbdNextPurchaseAll(
  params: BgNbdParams,
  data: RfmData,
  options: NextPurchaseOptions = {},
): NextPurchase {
  const level = options.level ?? 0.8;
  if (!(level > 0 && level < 1)) throw new BtydError('invalid-argument', `level must be in (0, 1), got ${level}`);
  const qLow = (1 - level) / 2;
  const qHigh = 1 - qLow;
  const horizon = options.horizonDays ?? DEFAULT_HORIZON_DAYS;
  if (!(horizon > 0)) throw new BtydError('invalid-argument', `horizon must be > 0 days, got ${horizon}`);
  const n = data.frequency.length;
  const out: NextPurchase = {
    medianDays: new Float64Array(n),
    lowDays: new Float64Array(n),
    highDays: new Float64Array(n),
    pWithinHorizon: new Float64Array(n),
    pWithin7: new Float64Array(n),
    pWithin30: new Float64Array(n),
    pEver: new Float64Array(n),
  };
  const { r, alpha } = params;
  for (let i = 0; i < n; i++) {
    const x = data.frequency[i];
    const T = data.T[i];
    const alive = bgNbdPAlive(params, x, Math.min(data.recency[i], T), T);
    const shape = r + x;
    const scale = alpha + T;
    out.pEver[i] = alive;
    out.pWithin7[i] = alive * -Math.expm1(-shape * Math.log1p(7 / scale));
    out.pWithin30[i] = alive * -Math.expm1(-shape * Math.log1p(30 / scale));
    const within = -Math.expm1(-shape * Math.log1p(horizon / scale));
    out.pWithinHorizon[i] = alive * within;
    out.medianDays[i] = dayOf(lomaxQuantile(0.5 * within, shape, scale));
    out.lowDays[i] = dayOf(lomaxQuantile(qLow * within, shape, scale));
    out.highDays[i] = dayOf(lomaxQuantile(qHigh * within, shape, scale));
  }
  return out;
}

/** The day offset holding continuous time t after T (NaN stays NaN). */
export const dayOf = (t: number): number => Math.max(Math.ceil(t) - 1, 0);

/** P(τ <= t | alive): the Lomax CDF of the posterior process. */
function aliveWithin(params: BgNbdParams, t: number, x: number, T: number): number {
  return -Math.expm1(-(params.r + x) * Math.log1p(t / (params.alpha + T)));
}

/** The u-quantile of Lomax(shape, scale); NaN for u >= 1 (a defective distribution never reaches it). */
function lomaxQuantile(u: number, shape: number, scale: number): number {
  if (!(u < 1)) return NaN;
  return scale * Math.expm1(-Math.log1p(-u) / shape);
}
