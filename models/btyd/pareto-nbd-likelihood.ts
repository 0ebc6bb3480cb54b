// The Pareto/NBD log-likelihood (note 009, eq. 18) and its analytic gradient, over the distinct
// (x, t_x, T) patterns. A pattern's A0 term is F(x, t_x) - F(x, T), and patterns share far fewer
// (x, t) pairs than they have (at 1M customers in weeks: ~630k patterns, ~66k pairs), so the costly
// series and its derivatives are evaluated once per pair and looked up. Every per-pattern term is the
// number logTail gives.
import { byFrequency, compressRfm, type Patterns, type RfmData } from './data.ts';
import { onePassLikelihood, type Likelihood } from './fit.ts';
import { groupRows } from './group-rows.ts';
import { logFGradient, logF } from './pareto-nbd-series.ts';
import { ShiftedLogs } from './shifted-logs.ts';
import { digamma, lgamma } from './special.ts';

export function paretoNbdLikelihood(data: RfmData, patterns: Patterns = compressRfm(data)): Likelihood {
  const p = patterns;
  const fx = byFrequency(p);
  const pairs = patternPairs(p.x, p.tx, p.T);
  const logAT = new ShiftedLogs(p.T);
  const logBT = new ShiftedLogs(p.T);
  const logRsx = new ShiftedLogs(p.x);
  const evaluate = (params: readonly number[], withGradient: boolean) => {
    const [r, alpha, s, beta] = params;
    logAT.at(alpha);
    logBT.at(beta);
    logRsx.at(r + s);
    const F = pairs.evaluate(params, withGradient);
    let ll = p.customers * (r * Math.log(alpha) + s * Math.log(beta) - lgamma(r));
    // Neumaier's compensation: near the optimum the steps change the mean log-likelihood by ~1e-13,
    // below the rounding of a plain sum of ~10^6 terms, and the line search would chase that noise.
    let lost = 0;
    for (let k = 0; k < fx.x.length; k++) ll += fx.w[k] * lgamma(r + fx.x[k]);
    const g = withGradient ? gradientConstants(fx, p.customers, params) : [0, 0, 0, 0];
    const logS = Math.log(s);
    for (let i = 0; i < p.x.length; i++) {
      const x = p.x[i];
      const w = p.w[i];
      const iT = logAT.index[i];
      const ix = logRsx.index[i];
      const i1 = pairs.atTx[i];
      const i2 = pairs.atT[i];
      const u = -(r + x) * logAT.log[iT] - s * logBT.log[iT];
      // logSubExp(F1, F2) and logAddExp(u, v) as special.ts computes them, written out to keep
      // 1 - e^(F2 - F1) and the share wv of the A0 term for the gradient.
      const F1 = F.value[i1];
      const F2 = F.value[i2];
      const oneMinusQ = F2 === -Infinity ? 1 : F2 >= F1 ? 0 : -Math.expm1(F2 - F1);
      const logA0 = F2 === -Infinity ? F1 : F2 >= F1 ? -Infinity : F1 + Math.log(oneMinusQ);
      const v = logS - logRsx.log[ix] + logA0;
      let tail: number;
      let wv: number;
      if (v === -Infinity) {
        tail = u;
        wv = 0;
      } else if (u > v) {
        const e = Math.exp(v - u);
        tail = u + Math.log1p(e);
        wv = e / (1 + e);
      } else {
        const e = Math.exp(u - v);
        tail = v + Math.log1p(e);
        wv = 1 / (1 + e);
      }
      const term = w * tail;
      const sum = ll + term;
      lost += Math.abs(ll) >= Math.abs(term) ? ll - sum + term : term - sum + ll;
      ll = sum;
      if (!withGradient) continue;
      // d tail = (1 - wv) du + wv dv, with dA0 = (dF1 - q dF2) / (1 - q), q = e^(F2 - F1).
      const wu = 1 - wv;
      g[0] -= w * wu * logAT.log[iT];
      g[1] -= w * wu * (r + x) * logAT.inv[iT];
      g[2] -= w * wu * logBT.log[iT];
      g[3] -= w * wu * s * logBT.inv[iT];
      if (wv === 0) continue;
      const q = 1 - oneMinusQ;
      const scale = (w * wv) / oneMinusQ;
      const invRsx = logRsx.inv[ix];
      g[0] += scale * (F.dr[i1] - q * F.dr[i2]) - w * wv * invRsx;
      g[1] += scale * (F.dAlpha[i1] - q * F.dAlpha[i2]);
      g[2] += scale * (F.ds[i1] - q * F.ds[i2]) + w * wv * (1 / s - invRsx);
      g[3] += scale * (F.dBeta[i1] - q * F.dBeta[i2]);
    }
    return { logLik: ll + lost, gradient: g };
  };
  return onePassLikelihood(['r', 'alpha', 's', 'beta'], p.customers, evaluate);
}

/** ∂/∂(r, α, s, β) of N (r log α + s log β - log Γ(r)) + Σ_x w_x log Γ(r + x). */
function gradientConstants(
  fx: { x: Float64Array; w: Float64Array },
  N: number,
  [r, alpha, s, beta]: readonly number[],
): number[] {
  let gr = N * (Math.log(alpha) - digamma(r));
  for (let k = 0; k < fx.x.length; k++) gr += fx.w[k] * digamma(r + fx.x[k]);
  return [gr, (N * r) / alpha, N * Math.log(beta), (N * s) / beta];
}

/**
 * The distinct (x, t) pairs of the patterns' (x, t_x) and (x, T), each pattern's two positions among
 * them, and per evaluation F and its derivatives with respect to r, α, s, β at every pair.
 */
export function patternPairs(x: Float64Array, tx: Float64Array, T: Float64Array) {
  const n = x.length;
  const x2 = new Float64Array(2 * n);
  const t2 = new Float64Array(2 * n);
  x2.set(x);
  x2.set(x, n);
  t2.set(tx);
  t2.set(T, n);
  const groups = groupRows([x2, t2]);
  const size = groups.size;
  const xs = new Float64Array(size);
  const ts = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    xs[k] = x2[groups.first[k]];
    ts[k] = t2[groups.first[k]];
  }
  const F = {
    value: new Float64Array(size),
    dr: new Float64Array(size),
    dAlpha: new Float64Array(size),
    ds: new Float64Array(size),
    dBeta: new Float64Array(size),
  };
  const partial = new Float64Array(4);
  const evaluate = ([r, alpha, s, beta]: readonly number[], withGradient: boolean) => {
    // As in logTail: lo, hi = the smaller and larger of α and β; b = r + x when α < β, else s + 1.
    const alphaLow = alpha < beta;
    const [lo, hi] = alphaLow ? [alpha, beta] : [beta, alpha];
    for (let k = 0; k < size; k++) {
      const x = xs[k];
      const a = r + s + x;
      const b = alphaLow ? r + x : s + 1;
      if (!withGradient) {
        F.value[k] = logF(a, b, lo, hi, ts[k]);
        continue;
      }
      F.value[k] = logFGradient(a, b, lo, hi, ts[k], partial);
      // a = r + s + x depends on r and s; b on r (α < β) or s; lo and hi are α and β in some order.
      F.dr[k] = partial[0] + (alphaLow ? partial[1] : 0);
      F.ds[k] = partial[0] + (alphaLow ? 0 : partial[1]);
      F.dAlpha[k] = alphaLow ? partial[2] : partial[3];
      F.dBeta[k] = alphaLow ? partial[3] : partial[2];
    }
    return F;
  };
  return { atTx: groups.row.subarray(0, n), atT: groups.row.subarray(n), evaluate };
}
