// BG/NBD (Fader, Hardie and Lee 2005, "Counting your customers the easy way"): purchases Poisson(λ)
// while alive, death with probability p right after each repeat purchase, λ ~ Gamma(r, α),
// p ~ Beta(a, b). Likelihood: section 7 of the paper (eq. 6); P(alive): Hardie's note 021;
// E[X(t)]: eq. (9); E[Y(t) | x, t_x, T]: eq. (10); P(X(t) = n): eq. (8).
import { betaExpectation } from './beta-expectation.ts';
import { byFrequency, compressRfm, type RfmData } from './data.ts';
import { BtydError } from './errors.ts';
import { maximiseLikelihood, type FitOptions, type FitReport, type Likelihood } from './fit.ts';
import { log2F1 } from './hyp2f1.ts';
import { betaInc, digamma, expit, lbeta, lgamma, logAddExp } from './special.ts';

export type BgNbdParams = {
  r: number;
  alpha: number;
  a: number;
  b: number;
};

export function bgNbdLikelihood(data: RfmData): Likelihood {
  const p = compressRfm(data);
  const fx = byFrequency(p);
  const n = p.x.length;
  // Patterns share far fewer distinct T, t_x and x than there are patterns (at 1M customers in days:
  // ~675k patterns, ~1k values of each), so the logs of α + T, α + t_x and b + x - 1 are taken once
  // per distinct value and looked up.
  const T = distinctValues(p.T);
  const tx = distinctValues(p.tx);
  const xs = distinctValues(p.x);
  const logAT = new Float64Array(T.values.length);
  const logATx = new Float64Array(tx.values.length);
  const invAT = new Float64Array(T.values.length);
  const invATx = new Float64Array(tx.values.length);
  const logBx = new Float64Array(xs.values.length);
  const invBx = new Float64Array(xs.values.length);
  const tables = (alpha: number, b: number) => {
    for (let k = 0; k < T.values.length; k++) {
      logAT[k] = Math.log(alpha + T.values[k]);
      invAT[k] = 1 / (alpha + T.values[k]);
    }
    for (let k = 0; k < tx.values.length; k++) {
      logATx[k] = Math.log(alpha + tx.values[k]);
      invATx[k] = 1 / (alpha + tx.values[k]);
    }
    for (let k = 0; k < xs.values.length; k++) {
      logBx[k] = Math.log(b + xs.values[k] - 1);
      invBx[k] = 1 / (b + xs.values[k] - 1);
    }
  };
  return {
    names: ['r', 'alpha', 'a', 'b'],
    customers: p.customers,
    logLik([r, alpha, a, b]) {
      tables(alpha, b);
      const logA = Math.log(a);
      let ll = p.customers * (r * Math.log(alpha) + lgamma(a + b) - lgamma(r) - lgamma(b));
      for (let k = 0; k < fx.x.length; k++) {
        const x = fx.x[k];
        ll += fx.w[k] * (lgamma(r + x) + lgamma(b + x) - lgamma(a + b + x));
      }
      for (let i = 0; i < n; i++) {
        const x = p.x[i];
        const a3 = -(r + x) * logAT[T.index[i]];
        ll += p.w[i] * (x > 0 ? logAddExp(a3, logA - logBx[xs.index[i]] - (r + x) * logATx[tx.index[i]]) : a3);
      }
      return ll;
    },
    gradient([r, alpha, a, b]) {
      tables(alpha, b);
      const logA = Math.log(a);
      const N = p.customers;
      let gr = N * (Math.log(alpha) - digamma(r));
      let gAlpha = (N * r) / alpha;
      let ga = N * digamma(a + b);
      let gb = N * (digamma(a + b) - digamma(b));
      for (let k = 0; k < fx.x.length; k++) {
        const x = fx.x[k];
        const w = fx.w[k];
        const dAbx = digamma(a + b + x);
        gr += w * digamma(r + x);
        ga -= w * dAbx;
        gb += w * (digamma(b + x) - dAbx);
      }
      for (let i = 0; i < n; i++) {
        const x = p.x[i];
        const w = p.w[i];
        const Ti = T.index[i];
        const lAT = logAT[Ti];
        if (x === 0) {
          gr -= w * lAT;
          gAlpha -= w * r * invAT[Ti];
          continue;
        }
        const ti = tx.index[i];
        const lATx = logATx[ti];
        const a3 = -(r + x) * lAT;
        const a4 = logA - logBx[xs.index[i]] - (r + x) * lATx;
        // Shares of the two terms of the likelihood: "alive at T" and "died after the last purchase".
        const w4 = expit(a4 - a3);
        const w3 = 1 - w4;
        gr -= w * (w3 * lAT + w4 * lATx);
        gAlpha -= w * (r + x) * (w3 * invAT[Ti] + w4 * invATx[ti]);
        ga += (w * w4) / a;
        gb -= w * w4 * invBx[xs.index[i]];
      }
      return [gr, gAlpha, ga, gb];
    },
  };
}

/** The distinct values of a column and, per row, the position of its value among them. */
function distinctValues(column: Float64Array): { values: Float64Array; index: Uint32Array } {
  const position = new Map<number, number>();
  const index = new Uint32Array(column.length);
  for (let i = 0; i < column.length; i++) {
    let k = position.get(column[i]);
    if (k === undefined) {
      k = position.size;
      position.set(column[i], k);
    }
    index[i] = k;
  }
  return { values: Float64Array.from(position.keys()), index };
}

export function fitBgNbd(data: RfmData, options: FitOptions<BgNbdParams> = {}): FitReport<BgNbdParams> {
  const likelihood = bgNbdLikelihood(data);
  requireRepeaters(data, 'BG/NBD');
  return maximiseLikelihood<BgNbdParams>('bgnbd', likelihood, [1, meanT(data), 1, 3], options);
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
export function bgNbdConditionalExpectedPurchases(params: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  return bgNbdPAlive(params, x, tx, T) * aliveExpectedPurchases(r + x, alpha + T, a, b + x, t);
}

/** P(X(t) = n) for a customer just acquired. */
export function bgNbdProbabilityOfPurchases(params: BgNbdParams, t: number, n: number): number {
  return alivePmf(params.r, params.alpha, params.a, params.b, t, n);
}

/**
 * P(Y(t) = n | x, t_x, T). Given alive at T, the future is a BG/NBD process whose λ and p have the
 * posterior Gamma(r + x, α + T) and Beta(a, b + x); a dead customer buys nothing.
 */
export function bgNbdConditionalProbabilityOfPurchases(params: BgNbdParams, t: number, n: number, x: number, tx: number, T: number): number {
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
  return betaExpectation((p) => {
    if (p === 0) return Math.log((r * t) / alpha);
    return Math.log(-Math.expm1(-r * Math.log1p((p * t) / alpha))) - Math.log(p);
  }, a, b);
}

/** P(X(t) = n) for an alive customer with λ ~ Gamma(r, α), p ~ Beta(a, b) (eq. 8). */
export function alivePmf(r: number, alpha: number, a: number, b: number, t: number, n: number): number {
  if (!(n >= 0 && Number.isInteger(n))) throw new BtydError('invalid-argument', `number of purchases must be a whole number >= 0, got ${n}`);
  if (t <= 0) return n === 0 ? 1 : 0;
  const logP0 = Math.log(alpha / (alpha + t));
  const logP1 = Math.log(t / (alpha + t));
  const first = Math.exp(lbeta(a, b + n) - lbeta(a, b) + lgamma(r + n) - lgamma(r) - lgamma(n + 1) + r * logP0 + n * logP1);
  if (n === 0) return first;
  // 1 - Σ_{j<n} NB(j; r, α/(α+t)) = P(NB >= n) = I_{t/(α+t)}(n, r), without the subtraction.
  const tail = betaInc(t / (alpha + t), n, r);
  return first + Math.exp(lbeta(a + 1, b + n - 1) - lbeta(a, b)) * tail;
}

export function requireRepeaters(data: RfmData, model: string): void {
  for (let i = 0; i < data.frequency.length; i++) if (data.frequency[i] > 0 && (!data.weights || data.weights[i] > 0)) return;
  throw new BtydError('not-identified', `${model}: no customer made a repeat purchase, so the model cannot be fitted`);
}

export function meanT(data: RfmData): number {
  let s = 0;
  let w = 0;
  for (let i = 0; i < data.T.length; i++) {
    const weight = data.weights ? data.weights[i] : 1;
    s += weight * data.T[i];
    w += weight;
  }
  return w > 0 && s > 0 ? s / w : 1;
}
