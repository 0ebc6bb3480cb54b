// The restricted mean survival time: the area under the Kaplan-Meier curve from 0 to a horizon τ, the
// expected months subscribed within the first τ months. Its variance is the Greenwood-type sum
// Σ_{t_i <= τ} A_i^2 d_i / (n_i (n_i - d_i)), A_i the area under the curve from t_i to τ (Klein and
// Moeschberger, Survival Analysis, 2nd ed. 2003, section 4.5; R's print.survfit with rmean).
import { SurvivalError } from './errors.ts';
import type { KaplanMeierCurve } from './kaplan-meier.ts';

export interface RestrictedMean {
  horizon: number;
  mean: number;
  /** Standard error of the mean. */
  se: number;
}

export function restrictedMean(curve: KaplanMeierCurve, horizon: number): RestrictedMean {
  if (!(Number.isFinite(horizon) && horizon >= 0)) {
    throw new SurvivalError('invalid-argument', `horizon is ${horizon}: expected a finite number >= 0`);
  }
  // The curve drops only at event times: keep those up to the horizon, then integrate the steps.
  const at: number[] = [];
  for (let i = 0; i < curve.times.length && curve.times[i] <= horizon; i++) if (curve.events[i] > 0) at.push(i);
  const pieces = at.map(
    (i, k) => curve.survival[i] * ((k + 1 < at.length ? curve.times[at[k + 1]] : horizon) - curve.times[i]),
  );
  const before = at.length ? curve.times[at[0]] : horizon; // S = 1 up to the first event
  let tail = 0;
  let variance = 0;
  for (let k = at.length - 1; k >= 0; k--) {
    tail += pieces[k];
    const n = curve.atRisk[at[k]];
    const d = curve.events[at[k]];
    if (tail > 0) variance += (tail * tail * d) / (n * (n - d));
  }
  return { horizon, mean: before + tail, se: Math.sqrt(variance) };
}
