// Pareto/NBD (Schmittlein, Morrison and Colombo 1987): purchases Poisson(λ) while alive, lifetime
// Exponential(μ), λ ~ Gamma(r, α), μ ~ Gamma(s, β). Formulas from Fader and Hardie's note 009
// ("Deriving an expression for P(X(t) = x) under the Pareto/NBD model", eqs. 18-20 likelihood,
// 36-37 P(alive), 41 conditional expectation) and note 028 (conditional PMF), as in lifetimes.
// The likelihood's A0 term: pareto-nbd-series.ts; the likelihood over patterns: pareto-nbd-likelihood.ts.
import type { Patterns, RfmData } from './data.ts';
import { BtydError } from './errors.ts';
import { fitRepeatModel, type FitOptions, type FitReport } from './fit.ts';
import { log2F1 } from './hyp2f1.ts';
import { gather, scatter } from './group-rows.ts';
import { paretoNbdLikelihood, patternPairs } from './pareto-nbd-likelihood.ts';
import { logF } from './pareto-nbd-series.ts';
import { lbeta, lgamma, logAddExp, logSubExp, oneMinusPowOverExp } from './special.ts';

export { paretoNbdLikelihood } from './pareto-nbd-likelihood.ts';
export { logPositiveSeries } from './pareto-nbd-series.ts';

export type ParetoNbdParams = {
  r: number;
  alpha: number;
  s: number;
  beta: number;
};

/** `patterns`: compressRfm(data), when the caller has it already. */
export function fitParetoNbd(
  data: RfmData,
  options: FitOptions<ParetoNbdParams> = {},
  patterns?: Patterns,
): FitReport<ParetoNbdParams> {
  const likelihood = paretoNbdLikelihood(data, patterns);
  const start = (scale: number) => [1, scale, 1, scale];
  return fitRepeatModel<ParetoNbdParams>('paretonbd', 'Pareto/NBD', data, likelihood, start, options);
}

/** Per-customer log-likelihood (eq. 18). */
export function paretoNbdCustomerLogLik(params: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = params;
  return lgamma(r + x) - lgamma(r) + r * Math.log(alpha) + s * Math.log(beta) + logTail([r, alpha, s, beta], x, tx, T);
}

/** P(alive at T | x, t_x, T) (eq. 36-37). */
export function paretoNbdPAlive(params: ParetoNbdParams, x: number, tx: number, T: number): number {
  return pAliveFromTail(params, x, T, logTail([params.r, params.alpha, params.s, params.beta], x, tx, T));
}

function pAliveFromTail({ r, alpha, s, beta }: ParetoNbdParams, x: number, T: number, tail: number): number {
  const logAliveTerm = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  return Math.exp(logAliveTerm - tail);
}

/** E[X(t)] for a customer just acquired: rβ/(α(s-1)) [1 - (β/(β+t))^(s-1)] (eq. 27), with its s = 1 limit. */
export function paretoNbdExpectedPurchases(params: ParetoNbdParams, t: number): number {
  const { r, alpha, s, beta } = params;
  if (t <= 0) return 0;
  return ((r * beta) / alpha) * oneMinusPowOverExp(beta / (beta + t), s - 1);
}

/** E[Y(t) | x, t_x, T] (eq. 41): P(alive) times the posterior mean rate over the remaining lifetime. */
export function paretoNbdConditionalExpectedPurchases(
  params: ParetoNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  if (t <= 0) return 0;
  return expectedFromAlive(params, t, x, T, paretoNbdPAlive(params, x, tx, T));
}

function expectedFromAlive(
  { r, alpha, s, beta }: ParetoNbdParams,
  t: number,
  x: number,
  T: number,
  alive: number,
): number {
  return alive * ((r + x) / (alpha + T)) * (beta + T) * oneMinusPowOverExp((beta + T) / (beta + T + t), s - 1);
}

/**
 * paretoNbdConditionalExpectedPurchases for every row of `data` (patterns = compressRfm(data)), the
 * same numbers: the A0 series once per distinct (x, t) pair, the rest once per pattern.
 */
export function paretoNbdConditionalExpectedAll(
  params: ParetoNbdParams,
  t: number,
  data: RfmData,
  p: Patterns,
): Float64Array {
  const perPattern = new Float64Array(p.x.length);
  if (t > 0) {
    const theta = [params.r, params.alpha, params.s, params.beta];
    const pairs = patternPairs(p.x, gather(data.recency, p.first), p.T);
    const F = pairs.evaluate(theta, false).value;
    for (let g = 0; g < perPattern.length; g++) {
      const [x, T] = [p.x[g], p.T[g]];
      const alive = pAliveFromTail(params, x, T, tailFromF(theta, x, T, F[pairs.atTx[g]], F[pairs.atT[g]]));
      perPattern[g] = expectedFromAlive(params, t, x, T, alive);
    }
  }
  return scatter(perPattern, p.row);
}

/** P(Y(t) = n | x, t_x, T): Fader and Hardie's note 028, eq. (16); clamped to [0, 1] against rounding. */
export function paretoNbdConditionalProbabilityOfPurchases(
  params: ParetoNbdParams,
  t: number,
  n: number,
  x: number,
  tx: number,
  T: number,
): number {
  if (!(n >= 0 && Number.isInteger(n)))
    throw new BtydError('invalid-argument', `number of purchases must be a whole number >= 0, got ${n}`);
  if (t <= 0) return n === 0 ? 1 : 0;
  const { r, alpha, s, beta } = params;
  const [lo, hi, pp] = alpha < beta ? [alpha, beta, r + x + n] : [beta, alpha, s + 1];
  const diff = hi - lo;
  const logL = T === 0 && x === 0 ? 0 : paretoNbdCustomerLogLik(params, x, tx, T);
  const logRS = r * Math.log(alpha) + s * Math.log(beta) - lgamma(r);
  const logAlive = lgamma(r + x) + logRS - (r + x) * Math.log(alpha + T) - s * Math.log(beta + T) - logL;
  const zeroth = n === 0 ? -Math.expm1(Math.min(logAlive, 0)) : 0;
  const logB1 = lgamma(r + x + n) + logRS - (r + x + n) * Math.log(alpha + T + t) - s * Math.log(beta + T + t);
  const common = logRS + lbeta(r + x + n, s + 1) - lgamma(s);
  const rsx = r + s + x;
  const logB2 = common + lgamma(rsx) + log2F1Safe(rsx, pp, rsx + n + 1, diff / (hi + T)) - rsx * Math.log(hi + T);
  let third = -Infinity;
  for (let i = 0; i <= n; i++) {
    const logB3 =
      common +
      lgamma(rsx + i) +
      log2F1Safe(rsx + i, pp, rsx + n + 1, diff / (hi + T + t)) -
      (rsx + i) * Math.log(hi + T + t);
    third = logAddExp(third, i * Math.log(t) - lgamma(i + 1) + logB3);
  }
  const first = n * Math.log(t) - lgamma(n + 1) + logB1 - logL;
  const value = zeroth + Math.exp(first) + Math.exp(logB2 - logL) - Math.exp(third - logL);
  return Math.min(1, Math.max(0, value));
}

/**
 * log[(α+T)^-(r+x) (β+T)^-s + s/(r+s+x) A0]: the likelihood without its Γ and α^r β^s factors.
 */
function logTail(params: readonly number[], x: number, tx: number, T: number): number {
  const [r, alpha, s, beta] = params;
  const rsx = r + s + x;
  const [lo, hi, b] = alpha < beta ? [alpha, beta, r + x] : [beta, alpha, s + 1];
  return tailFromF(params, x, T, logF(rsx, b, lo, hi, tx), logF(rsx, b, lo, hi, T));
}

/** logTail from F(x, t_x) and F(x, T). */
function tailFromF([r, alpha, s, beta]: readonly number[], x: number, T: number, F1: number, F2: number): number {
  const rsx = r + s + x;
  const logA0 = logSubExp(F1, F2);
  return logAddExp(-(r + x) * Math.log(alpha + T) - s * Math.log(beta + T), Math.log(s) - Math.log(rsx) + logA0);
}

function log2F1Safe(a: number, b: number, c: number, z: number): number {
  return z <= 0 ? 0 : log2F1(a, b, c, z);
}
