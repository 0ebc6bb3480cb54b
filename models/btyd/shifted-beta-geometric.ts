// Shifted-beta-geometric (sBG) model of contractual retention (Fader and Hardie 2007, "How to Project
// Customer Retention", Journal of Interactive Marketing 21(1)): at the end of each period a customer
// leaves with probability θ, the same every period, and θ ~ Beta(α, β) across customers. The cohort's
// retention rate rises over time only because the likely leavers leave first.
//   P(T = t) = B(α + 1, β + t - 1) / B(α, β),  S(t) = B(α, β + t) / B(α, β)          (eqs. 3, 4)
// computed by the recursions of eq. 7: P(T = 1) = α/(α + β), P(T = t) = P(T = t - 1)(β + t - 2)/(α + β + t - 1),
// here in logs as S(t) = S(t - 1) r(t) with the retention rate r(t) = (β + t - 1)/(α + β + t - 1) (eq. 8).
// Residual value: DERL (Fader and Hardie 2010, "Customer-Base Valuation in a Contractual Setting: The
// Perils of Ignoring Heterogeneity", Marketing Science 29(1), eq. 6).
import { BtydError } from './errors.ts';
import { maximiseLikelihood, type FitOptions, type FitReport } from './fit.ts';
import { log2F1 } from './hyp2f1.ts';
import type { RetentionData } from './retention-data.ts';
import { emptyCurve, retentionLikelihood, type RetentionCurve } from './retention-likelihood.ts';
import { lbeta } from './special.ts';
import { fitPrecision, type FitPrecision } from './standard-errors.ts';

export type SbgParams = { alpha: number; beta: number };

export type RetentionFitReport<P> = FitReport<P> & FitPrecision<P>;

/** log S(t) and log P(leave at t | reached t) for t up to `horizon`, by the recursion, with derivatives. */
export function sbgCurve([alpha, beta]: readonly number[], horizon: number, withGradient = false): RetentionCurve {
  const curve = emptyCurve(horizon, 2, withGradient);
  const { logSurvival, logChurn, dLogSurvival, dLogChurn } = curve;
  const logAlpha = Math.log(alpha);
  for (let t = 1; t <= horizon; t++) {
    const total = alpha + beta + t - 1;
    const logTotal = Math.log(total);
    logChurn[t] = logAlpha - logTotal;
    logSurvival[t] = logSurvival[t - 1] + Math.log(beta + t - 1) - logTotal;
    if (!withGradient) continue;
    dLogChurn[0][t] = 1 / alpha - 1 / total;
    dLogChurn[1][t] = -1 / total;
    dLogSurvival[0][t] = dLogSurvival[0][t - 1] - 1 / total;
    dLogSurvival[1][t] = dLogSurvival[1][t - 1] + 1 / (beta + t - 1) - 1 / total;
  }
  return curve;
}

export const sbgLikelihood = (data: RetentionData) => retentionLikelihood(['alpha', 'beta'], data, sbgCurve);

/** Maximum likelihood from α = β = 1 (θ uniform), in log parameters, with standard errors, AIC and BIC. */
export function fitSbg(data: RetentionData, options: FitOptions<SbgParams> = {}): RetentionFitReport<SbgParams> {
  const likelihood = sbgLikelihood(data);
  const report = maximiseLikelihood<SbgParams>('sbg', likelihood, [1, 1], options);
  return { ...report, ...fitPrecision(report, likelihood) };
}

/** S(0..horizon): the share of a cohort still active after each period. */
export function sbgSurvivalCurve(params: SbgParams, horizon: number): Float64Array {
  return sbgCurve([params.alpha, params.beta], checkPeriods(horizon, 0, 'horizon')).logSurvival.map(Math.exp);
}

/** S(t) = P(T > t): the chance a new customer renews at the end of each of the first t periods. */
export const sbgSurvival = (params: SbgParams, t: number): number => sbgSurvivalCurve(params, t)[t];

/** P(T = t): the chance a new customer leaves at the end of period t (t >= 1). */
export function sbgChurnProbability(params: SbgParams, t: number): number {
  const curve = sbgCurve([params.alpha, params.beta], checkPeriods(t, 1, 't'));
  return Math.exp(curve.logSurvival[t - 1] + curve.logChurn[t]);
}

/** r(t) = S(t)/S(t - 1) = (β + t - 1)/(α + β + t - 1): the share of period t's customers who renew (eq. 8). */
export function sbgRetentionRate(params: SbgParams, t: number): number {
  checkPeriods(t, 1, 't');
  return (params.beta + t - 1) / (params.alpha + params.beta + t - 1);
}

/** cohortSize · S(t) for t = 0..horizon: the projected survivors of a cohort. */
export function sbgProjectedSurvivors(params: SbgParams, cohortSize: number, horizon: number): number[] {
  return Array.from(sbgSurvivalCurve(params, horizon), (s) => cohortSize * s);
}

/**
 * DERL(d | α, β, n): discounted expected residual lifetime of a customer who has made n - 1 renewals,
 * standing just before the n-th renewal decision: Σ_{t >= n} S(t)/S(n - 1) / (1 + d)^(t - n), the
 * next renewal undiscounted, = B(α, β + n)/B(α, β + n - 1) · 2F1(1, β + n; α + β + n; 1/(1 + d))
 * (Fader and Hardie 2010, eq. 6). Multiplied by the value per period, the expected residual value.
 * d = 0 gives the undiscounted expected residual lifetime (sbgExpectedResidualLifetime).
 */
export function sbgDerl(params: SbgParams, discountRate: number, n: number): number {
  const { alpha, beta } = params;
  checkPeriods(n, 1, 'n');
  if (!(discountRate >= 0 && Number.isFinite(discountRate)))
    throw new BtydError('invalid-argument', `discount rate must be >= 0, got ${discountRate}`);
  if (discountRate === 0) return sbgExpectedResidualLifetime(params, n);
  const front = lbeta(alpha, beta + n) - lbeta(alpha, beta + n - 1);
  return Math.exp(front + log2F1(1, beta + n, alpha + beta + n, 1 / (1 + discountRate)));
}

/**
 * The undiscounted DERL: renewals still to come for a customer who has made n - 1, (β + n - 1)/(α - 1).
 * Infinite for α <= 1: the customers with θ near 0 never leave, and their share is then heavy enough
 * that the expected lifetime diverges (a discount rate keeps the value finite).
 */
export function sbgExpectedResidualLifetime(params: SbgParams, n: number): number {
  checkPeriods(n, 1, 'n');
  return params.alpha > 1 ? (params.beta + n - 1) / (params.alpha - 1) : Infinity;
}

/** Expected residual value: DERL x the value of one period (Fader and Hardie 2010, eq. 5). */
export function sbgResidualValue(params: SbgParams, valuePerPeriod: number, discountRate: number, n: number): number {
  return valuePerPeriod * sbgDerl(params, discountRate, n);
}

function checkPeriods(t: number, min: number, name: string): number {
  if (!(Number.isInteger(t) && t >= min))
    throw new BtydError('invalid-argument', `${name} must be a whole number of periods >= ${min}, got ${t}`);
  return t;
}
