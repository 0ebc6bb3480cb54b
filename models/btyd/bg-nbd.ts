// BG/NBD (Fader, Hardie and Lee 2005, "Counting your customers the easy way"): purchases Poisson(λ)
// while alive, death with probability p right after each repeat purchase, λ ~ Gamma(r, α),
// p ~ Beta(a, b). Likelihood: section 7 of the paper (eq. 6); P(alive): Hardie's note 021;
// E[X(t)]: eq. (9); E[Y(t) | x, t_x, T]: eq. (10); P(X(t) = n): eq. (8).
import { aliveTimesTerm } from './alive-times-term.ts';
import { betaExpectation } from './beta-expectation.ts';
import { compressRfm, type Patterns, type RfmData } from './data.ts';
import { BtydError } from './errors.ts';
import { fitRepeatModel, onePassLikelihood, type FitOptions, type FitReport, type Likelihood } from './fit.ts';
import { log2F1 } from './hyp2f1.ts';
import { patternTables } from './bg-nbd-terms.ts';
import { betaInc, expit, lbeta, lgamma } from './special.ts';

export type BgNbdParams = {
  r: number;
  alpha: number;
  a: number;
  b: number;
};

export function bgNbdLikelihood(data: RfmData, patterns: Patterns = compressRfm(data)): Likelihood {
  const p = patterns;
  const { logAT, logATx, logBx, terms } = patternTables(p, 0);
  // The value and the gradient share their costly part (one exp per pattern), so the optimiser gets
  // both from one pass; each sum is accumulated in the same order either way.
  const evaluate = ([r, alpha, a, b]: readonly number[], withGradient: boolean) => {
    const logA = Math.log(a);
    const constant = terms([r, alpha, a, b], withGradient);
    let ll = constant.ll;
    const g = constant.gradient;
    let gr = g[0];
    let gAlpha = g[1];
    let ga = g[2];
    let gb = g[3];
    // Locals, so the loop reads typed arrays directly.
    const { x: xs, w: ws } = p;
    const { index: iT, log: lT, inv: vT } = logAT;
    const { index: iTx, log: lTx, inv: vTx } = logATx;
    const { index: iB, log: lB, inv: vB } = logBx;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      const w = ws[i];
      const Ti = iT[i];
      const lAT = lT[Ti];
      const a3 = -(r + x) * lAT;
      if (x === 0) {
        ll += w * a3;
        gr -= w * lAT;
        gAlpha -= w * r * vT[Ti];
        continue;
      }
      const ti = iTx[i];
      const xi = iB[i];
      const lATx = lTx[ti];
      const a4 = logA - lB[xi] - (r + x) * lATx;
      // logAddExp(a3, a4) and w4 = expit(a4 - a3), written out to share e: the same operations.
      let w4: number;
      if (a3 > a4) {
        const e = Math.exp(a4 - a3);
        ll += w * (a3 + Math.log1p(e));
        w4 = e / (1 + e);
      } else {
        const e = Math.exp(a3 - a4);
        ll += w * (a4 + Math.log1p(e));
        w4 = 1 / (1 + e);
      }
      // Shares of the two terms of the likelihood: "alive at T" and "died after the last purchase".
      const w3 = 1 - w4;
      gr -= w * (w3 * lAT + w4 * lATx);
      gAlpha -= w * (r + x) * (w3 * vT[Ti] + w4 * vTx[ti]);
      ga += (w * w4) / a;
      gb -= w * w4 * vB[xi];
    }
    return { logLik: ll, gradient: [gr, gAlpha, ga, gb] };
  };
  return onePassLikelihood(['r', 'alpha', 'a', 'b'], p.customers, evaluate);
}

/** BG/NBD's and MBG/NBD's starting point: r = 1, α = the mean T, a = 1, b = 3. */
export const bgNbdStart = (meanT: number): number[] => [1, meanT, 1, 3];

/** `patterns`: compressRfm(data), when the caller has it already. */
export function fitBgNbd(
  data: RfmData,
  options: FitOptions<BgNbdParams> = {},
  patterns?: Patterns,
): FitReport<BgNbdParams> {
  return fitRepeatModel<BgNbdParams>('bgnbd', 'BG/NBD', data, bgNbdLikelihood(data, patterns), bgNbdStart, options);
}

/** P(alive at T | x, t_x, T); 1 for customers without repeat purchases (they cannot have died yet). */
export function bgNbdPAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  return expit(-(Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx))));
}

/** E[X(t)]: expected repeat purchases in (0, t] of a customer just acquired. */
export function bgNbdExpectedPurchases(params: BgNbdParams, t: number): number {
  return aliveExpectedPurchases(params.r, params.alpha, params.a, params.b, t);
}

/** E[Y(t) | x, t_x, T]: expected purchases in (T, T + t] given the customer's history. */
export function bgNbdConditionalExpectedPurchases(
  params: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, a, b } = params;
  return bgNbdPAlive(params, x, tx, T) * aliveExpectedPurchases(r + x, alpha + T, a, b + x, t);
}

/** bgNbdConditionalExpectedPurchases for every row of `data` (patterns = compressRfm(data)), the same numbers. */
export function bgNbdConditionalExpectedAll(
  params: BgNbdParams,
  t: number,
  data: RfmData,
  patterns: Patterns,
): Float64Array {
  const { r, alpha, a, b } = params;
  return aliveTimesTerm(
    data,
    patterns,
    (x, tx, T) => bgNbdPAlive(params, x, tx, T),
    (x, T) => aliveExpectedPurchases(r + x, alpha + T, a, b + x, t),
  );
}

/** P(X(t) = n) for a customer just acquired. */
export function bgNbdProbabilityOfPurchases(params: BgNbdParams, t: number, n: number): number {
  return alivePmf(params.r, params.alpha, params.a, params.b, t, n);
}

/**
 * P(Y(t) = n | x, t_x, T). Given alive at T, the future is a BG/NBD process whose λ and p have the
 * posterior Gamma(r + x, α + T) and Beta(a, b + x); a dead customer buys nothing.
 */
export function bgNbdConditionalProbabilityOfPurchases(
  params: BgNbdParams,
  t: number,
  n: number,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, a, b } = params;
  const alive = bgNbdPAlive(params, x, tx, T);
  return alive * alivePmf(r + x, alpha + T, a, b + x, t, n) + (n === 0 ? 1 - alive : 0);
}

/**
 * Expected purchases in (0, t] of an alive customer whose λ ~ Gamma(r, α) and p ~ Beta(a, b):
 * (a + b - 1)/(a - 1) [1 - (α/(α+t))^r 2F1(r, b; a+b-1; t/(α+t))] (eq. 9). Where that form is
 * unusable (a ~ 1 divides 0 by 0; a + b <= 1 leaves 2F1 undefined) the same expectation,
 * E_p[(1 - (1 + p t/α)^-r) / p], is integrated numerically.
 */
export function aliveExpectedPurchases(r: number, alpha: number, a: number, b: number, t: number): number {
  if (t <= 0) return 0;
  const c = a + b - 1;
  const z = t / (alpha + t);
  if (c > 0 && Math.abs(a - 1) > 1e-6) {
    const logTerm = log2F1(r, b, c, z) + r * Math.log(alpha / (alpha + t));
    const value = (c / (a - 1)) * -Math.expm1(logTerm);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  return betaExpectation(
    (p) => {
      if (p === 0) return Math.log((r * t) / alpha);
      return Math.log(-Math.expm1(-r * Math.log1p((p * t) / alpha))) - Math.log(p);
    },
    a,
    b,
  );
}

/** P(X(t) = n) for an alive customer with λ ~ Gamma(r, α), p ~ Beta(a, b) (eq. 8). */
export function alivePmf(r: number, alpha: number, a: number, b: number, t: number, n: number): number {
  if (!(n >= 0 && Number.isInteger(n)))
    throw new BtydError('invalid-argument', `number of purchases must be a whole number >= 0, got ${n}`);
  if (t <= 0) return n === 0 ? 1 : 0;
  const logP0 = Math.log(alpha / (alpha + t));
  const logP1 = Math.log(t / (alpha + t));
  const first = Math.exp(
    lbeta(a, b + n) - lbeta(a, b) + lgamma(r + n) - lgamma(r) - lgamma(n + 1) + r * logP0 + n * logP1,
  );
  if (n === 0) return first;
  // 1 - Σ_{j<n} NB(j; r, α/(α+t)) = P(NB >= n) = I_{t/(α+t)}(n, r), without the subtraction.
  const tail = betaInc(t / (alpha + t), n, r);
  return first + Math.exp(lbeta(a + 1, b + n - 1) - lbeta(a, b)) * tail;
}
