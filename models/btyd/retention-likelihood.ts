// The likelihood of a contractual retention model (sBG, BdW) on RetentionData: a customer lost in
// period t contributes P(T = t) = S(t - 1) P(leave at t | reached t), one still active after t
// periods S(t) (Fader and Hardie 2007, eq. 5). A model supplies its curve, log S and log of the
// churn probability by period, with their derivatives, so each model keeps its own stable recursion.
import { onePassLikelihood, type Likelihood } from './fit.ts';
import type { RetentionData } from './retention-data.ts';

export interface RetentionCurve {
  /** log S(t) = log P(T > t), t = 0..horizon. */
  logSurvival: Float64Array;
  /** log P(T = t | T > t - 1), the chance of leaving at the end of period t, t = 1..horizon (index 0 unused). */
  logChurn: Float64Array;
  /** Their derivatives by each natural-scale parameter, when asked for. */
  dLogSurvival: Float64Array[];
  dLogChurn: Float64Array[];
}

export type RetentionCurveFunction = (
  params: readonly number[],
  horizon: number,
  withGradient: boolean,
) => RetentionCurve;

export function retentionLikelihood(
  names: readonly string[],
  data: RetentionData,
  curve: RetentionCurveFunction,
): Likelihood {
  const { lost, active, horizon } = data;
  const evaluate = (params: readonly number[], withGradient: boolean) => {
    const c = curve(params, horizon, withGradient);
    let logLik = 0;
    const gradient = names.map(() => 0);
    // Empty periods are skipped, so a survival of 0 far out (log -Infinity) times 0 customers is not NaN.
    for (let t = 0; t <= horizon; t++) {
      if (active[t] > 0) {
        logLik += active[t] * c.logSurvival[t];
        if (withGradient) for (let k = 0; k < names.length; k++) gradient[k] += active[t] * c.dLogSurvival[k][t];
      }
      if (t > 0 && lost[t] > 0) {
        logLik += lost[t] * (c.logSurvival[t - 1] + c.logChurn[t]);
        if (withGradient)
          for (let k = 0; k < names.length; k++)
            gradient[k] += lost[t] * (c.dLogSurvival[k][t - 1] + c.dLogChurn[k][t]);
      }
    }
    return { logLik, gradient };
  };
  return onePassLikelihood(names, data.customers, evaluate);
}

/** Zeroed curve arrays for `horizon` periods and `parameters` derivatives (none without the gradient). */
export function emptyCurve(horizon: number, parameters: number, withGradient: boolean): RetentionCurve {
  const columns = () => Array.from({ length: withGradient ? parameters : 0 }, () => new Float64Array(horizon + 1));
  return {
    logSurvival: new Float64Array(horizon + 1),
    logChurn: new Float64Array(horizon + 1),
    dLogSurvival: columns(),
    dLogChurn: columns(),
  };
}
