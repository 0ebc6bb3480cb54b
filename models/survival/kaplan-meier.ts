// The Kaplan-Meier (product-limit) estimator of a survival curve from right-censored data, with
// Greenwood's variance and two pointwise confidence bands.
//   Kaplan and Meier (1958), "Nonparametric estimation from incomplete observations", JASA 53, 457-481:
//     S(t) = Π_{t_i <= t} (1 - d_i / n_i).
//   Greenwood (1926), "The natural duration of cancer": Var S(t) = S(t)^2 Σ_{t_i <= t} d_i / (n_i (n_i - d_i)).
//   Kalbfleisch and Prentice (1980/2002), The Statistical Analysis of Failure Time Data, section 4.3: the
//     log-log band exp(-exp(log(-log S) ± z σ)), σ^2 = Σ d_i / (n_i (n_i - d_i)) / (log S)^2, which stays
//     inside (0, 1); lifelines' default ("exponential Greenwood") and R survfit's conf.type = "log-log".
//   The linear (plain Greenwood) band S ± z sqrt(Var S), clipped to [0, 1], as R's conf.type = "plain".
// Weights count identical rows, so d_i and n_i are sums of weights and aggregated data gives the curve
// of its expanded rows.
import { SurvivalError } from './errors.ts';
import { lifeTable, type LifeTable, type SurvivalData } from './life-table.ts';
import { normalQuantile } from './normal-quantile.ts';

export interface KaplanMeierOptions {
  /** Confidence level of the pointwise bands, in (0, 1); 0.95 by default. */
  level?: number;
}

/**
 * The step function at every distinct time (event or censoring; S(t) = 1 before the first). Where S(t)
 * is 0 (everyone at risk had the event) the variance and the bands are NaN, as in R and lifelines.
 */
export interface KaplanMeierCurve extends LifeTable {
  level: number;
  /** The normal quantile of the level, e.g. 1.959963984540054. */
  z: number;
  survival: Float64Array;
  /** Greenwood's variance of S(t). */
  variance: Float64Array;
  /** The log-log band (the one the report shows). */
  lower: Float64Array;
  upper: Float64Array;
  /** The linear (plain Greenwood) band. */
  linearLower: Float64Array;
  linearUpper: Float64Array;
}

export function kaplanMeier(data: SurvivalData, options: KaplanMeierOptions = {}): KaplanMeierCurve {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1))
    throw new SurvivalError('invalid-argument', `level is ${level}: expected 0 < level < 1`);
  const z = normalQuantile(0.5 + level / 2);
  const table = lifeTable(data);
  const m = table.times.length;
  const curve: KaplanMeierCurve = {
    ...table,
    level,
    z,
    survival: new Float64Array(m),
    variance: new Float64Array(m),
    lower: new Float64Array(m),
    upper: new Float64Array(m),
    linearLower: new Float64Array(m),
    linearUpper: new Float64Array(m),
  };
  let s = 1;
  let greenwood = 0; // Σ d_i / (n_i (n_i - d_i)): the variance of -log S(t)
  for (let i = 0; i < m; i++) {
    const n = table.atRisk[i];
    const d = table.events[i];
    if (d > 0) {
      s = n === d ? 0 : s * (1 - d / n);
      greenwood = n === d ? NaN : greenwood + d / (n * (n - d));
    }
    curve.survival[i] = s;
    setBands(curve, i, s, greenwood);
  }
  return curve;
}

function setBands(curve: KaplanMeierCurve, i: number, s: number, greenwood: number): void {
  const variance = s * s * greenwood;
  const sd = Math.sqrt(variance);
  curve.variance[i] = variance;
  curve.linearLower[i] = Math.max(0, s - curve.z * sd);
  curve.linearUpper[i] = Math.min(1, s + curve.z * sd);
  if (s === 1) {
    // No event yet: nothing is uncertain about S, and log(-log 1) is undefined.
    curve.lower[i] = curve.upper[i] = 1;
    return;
  }
  const sigma = Math.sqrt(greenwood) / Math.abs(Math.log(s));
  curve.lower[i] = Math.pow(s, Math.exp(curve.z * sigma));
  curve.upper[i] = Math.pow(s, Math.exp(-curve.z * sigma));
}
