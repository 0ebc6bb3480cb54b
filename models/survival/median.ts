// The median survival time of a Kaplan-Meier curve and its confidence interval.
//   The median is the first time with S(t) <= 0.5 (lifelines' median_survival_time_; NaN when the curve
//   never gets there: more than half are still subscribed at the last time).
//   Brookmeyer and Crowley (1982), "A confidence interval for the median survival time", Biometrics 38,
//   29-41: the interval holds the event times at which S(t) = 0.5 is not rejected, i.e. whose pointwise
//   band contains 0.5. Computed as SAS PROC LIFETEST and statsmodels' quantile_ci do: from the first such
//   event time to the event time after the last such one (Infinity when that is the last event time).
import type { KaplanMeierCurve } from './kaplan-meier.ts';

export interface MedianSurvival {
  /** NaN when S(t) stays above 0.5. */
  median: number;
  /** NaN when no band contains 0.5. */
  lower: number;
  /** Infinity when the band still contains 0.5 at the last event time; NaN when no band contains it. */
  upper: number;
}

export type BandKind = 'log-log' | 'linear';

export function medianSurvival(curve: KaplanMeierCurve, band: BandKind = 'log-log'): MedianSurvival {
  const [lo, hi] = band === 'log-log' ? [curve.lower, curve.upper] : [curve.linearLower, curve.linearUpper];
  let median = NaN;
  let first = -1;
  let last = -1;
  const eventTimes: number[] = [];
  for (let i = 0; i < curve.times.length; i++) {
    if (curve.events[i] === 0) continue;
    eventTimes.push(curve.times[i]);
    if (Number.isNaN(median) && curve.survival[i] <= 0.5) median = curve.times[i];
    if (lo[i] <= 0.5 && 0.5 <= hi[i]) {
      if (first < 0) first = eventTimes.length - 1;
      last = eventTimes.length - 1;
    }
  }
  if (first < 0) return { median, lower: NaN, upper: NaN };
  return { median, lower: eventTimes[first], upper: last + 1 < eventTimes.length ? eventTimes[last + 1] : Infinity };
}
