// Beta-discrete-Weibull (BdW) model of contractual retention (Fader, Hardie, Liu, Davin and Steenburgh
// 2018, "'How to Project Customer Retention' Revisited: The Role of Duration Dependence", Journal of
// Interactive Marketing 43): the sBG with duration dependence. A customer's chance of leaving at the
// end of period t is 1 - (1 - θ)^(t^c - (t-1)^c), θ ~ Beta(α, β): c < 1, each customer grows more
// loyal with tenure; c > 1, less; c = 1 is the sBG. Integrating over θ (eq. 6 of the paper):
//   S(t) = B(α, β + t^c) / B(α, β),  P(T = t) = S(t - 1) - S(t).
import { maximiseLikelihood, type FitOptions } from './fit.ts';
import type { RetentionData } from './retention-data.ts';
import { emptyCurve, retentionLikelihood, type RetentionCurve } from './retention-likelihood.ts';
import type { RetentionFitReport } from './shifted-beta-geometric.ts';
import { digamma, lbeta } from './special.ts';
import { fitPrecision } from './standard-errors.ts';

export type BdwParams = { alpha: number; beta: number; c: number };

/** log S(t) in closed form; the churn probability from S(t)/S(t - 1) without cancellation (expm1). */
export function bdwCurve([alpha, beta, c]: readonly number[], horizon: number, withGradient = false): RetentionCurve {
  const curve = emptyCurve(horizon, 3, withGradient);
  const { logSurvival, logChurn, dLogSurvival, dLogChurn } = curve;
  const base = lbeta(alpha, beta);
  const psiAB = withGradient ? digamma(alpha + beta) : 0;
  const psiB = withGradient ? digamma(beta) : 0;
  for (let t = 1; t <= horizon; t++) {
    const tc = t ** c;
    logSurvival[t] = lbeta(alpha, beta + tc) - base;
    const step = logSurvival[t] - logSurvival[t - 1];
    logChurn[t] = Math.log(-Math.expm1(step));
    if (!withGradient) continue;
    const psiX = digamma(beta + tc);
    const psiAX = digamma(alpha + beta + tc);
    dLogSurvival[0][t] = psiAB - psiAX;
    dLogSurvival[1][t] = psiX - psiAX - psiB + psiAB;
    dLogSurvival[2][t] = (psiX - psiAX) * tc * Math.log(t);
    // d log(1 - e^Δ) = -e^Δ/(1 - e^Δ) dΔ, Δ = log S(t) - log S(t - 1).
    const odds = -Math.exp(step) / -Math.expm1(step);
    for (let k = 0; k < 3; k++) dLogChurn[k][t] = odds * (dLogSurvival[k][t] - dLogSurvival[k][t - 1]);
  }
  return curve;
}

export const bdwLikelihood = (data: RetentionData) => retentionLikelihood(['alpha', 'beta', 'c'], data, bdwCurve);

/** Maximum likelihood from α = β = c = 1 (the sBG with θ uniform). */
export function fitBdw(data: RetentionData, options: FitOptions<BdwParams> = {}): RetentionFitReport<BdwParams> {
  const likelihood = bdwLikelihood(data);
  const report = maximiseLikelihood<BdwParams>('bdw', likelihood, [1, 1, 1], options);
  return { ...report, ...fitPrecision(report, likelihood) };
}

/** S(0..horizon). */
export function bdwSurvivalCurve(params: BdwParams, horizon: number): Float64Array {
  return bdwCurve([params.alpha, params.beta, params.c], horizon).logSurvival.map(Math.exp);
}
