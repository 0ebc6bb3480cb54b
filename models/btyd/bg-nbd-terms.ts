// The parts of the BG/NBD and MBG/NBD log-likelihoods that depend on x alone (the Γ and Β factors),
// with their gradients: evaluated per distinct x, not per pattern. MBG/NBD's Beta terms are BG/NBD's
// with x shifted by one (p has the posterior Beta(a, b + x + 1) rather than Beta(a, b + x)).
import { byFrequency, type Patterns } from './data.ts';
import { ShiftedLogs } from './shifted-logs.ts';
import { digamma, lgamma } from './special.ts';

export interface FrequencyTotals {
  x: Float64Array;
  w: Float64Array;
}

/**
 * N (r log α + log Γ(a+b) - log Γ(r) - log Γ(b)) + Σ_x w_x (log Γ(r+x) + log Γ(b+x+shift) - log Γ(a+b+x+shift)),
 * and (with `withGradient`) its gradient in (r, α, a, b).
 */
function frequencyTerms(
  fx: FrequencyTotals,
  N: number,
  [r, alpha, a, b]: readonly number[],
  shift: 0 | 1,
  withGradient: boolean,
) {
  let ll = N * (r * Math.log(alpha) + lgamma(a + b) - lgamma(r) - lgamma(b));
  for (let k = 0; k < fx.x.length; k++) {
    const x = fx.x[k];
    ll += fx.w[k] * (lgamma(r + x) + lgamma(b + x + shift) - lgamma(a + b + x + shift));
  }
  if (!withGradient) return { ll, gradient: [0, 0, 0, 0] };
  let gr = N * (Math.log(alpha) - digamma(r));
  const gAlpha = (N * r) / alpha;
  let ga = N * digamma(a + b);
  let gb = N * (digamma(a + b) - digamma(b));
  for (let k = 0; k < fx.x.length; k++) {
    const x = fx.x[k];
    const w = fx.w[k];
    const dAbx = digamma(a + b + x + shift);
    gr += w * digamma(r + x);
    ga -= w * dAbx;
    gb += w * (digamma(b + x + shift) - dAbx);
  }
  return { ll, gradient: [gr, gAlpha, ga, gb] };
}

/**
 * The lookup tables of a BG/NBD (shift 0) or MBG/NBD (shift 1) evaluation: log(α + T), log(α + t_x)
 * and log(b + x + shift - 1) per pattern; `terms` refreshes them and returns frequencyTerms.
 */
export function patternTables(p: Patterns, shift: 0 | 1) {
  const fx = byFrequency(p);
  const logAT = new ShiftedLogs(p.T);
  const logATx = new ShiftedLogs(p.tx);
  const logBx = new ShiftedLogs(p.x);
  const terms = (params: readonly number[], withGradient: boolean) => {
    logAT.at(params[1]);
    logATx.at(params[1]);
    // BG/NBD writes b + x - 1, MBG/NBD b + x: the same operations as the published formulas.
    logBx.at(params[3], shift - 1);
    return frequencyTerms(fx, p.customers, params, shift, withGradient);
  };
  return { logAT, logATx, logBx, terms };
}
