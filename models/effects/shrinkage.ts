// Normal-normal shrinkage of treatment effects (pure, no I/O). An action's effect starts at a prior and
// moves with evidence by precision weighting; its segments' effects are pooled towards the action's effect
// as in a random-effects meta-analysis, the between-segment variance estimated by DerSimonian and Laird
// (1986, Controlled Clinical Trials 7:177-188) and the shrinkage factor as in Morris (1983, JASA 78:47-55).

/** An estimate from data: a difference between treated and control, and its sampling variance. */
export interface Estimate {
  y: number;
  v: number;
}

export interface Normal {
  mean: number;
  variance: number;
}

export const Z95 = 1.959963984540054;

/** Conjugate update: prior N(m0, s0²) and an estimate y with variance v; no estimate leaves the prior. */
export function updateNormal(prior: Normal, data: Estimate | null): Normal {
  if (!data) return prior;
  const precision = 1 / prior.variance + 1 / data.v;
  return { mean: (prior.mean / prior.variance + data.y / data.v) / precision, variance: 1 / precision };
}

/**
 * DerSimonian-Laird between-segment variance τ²: (Q − (K − 1)) / (Σw − Σw²/Σw), floored at 0, with
 * w = 1/v and Q the weighted squared deviations from the weighted mean. Fewer than two segments: 0.
 */
export function dersimonianLaird(estimates: readonly Estimate[]): number {
  if (estimates.length < 2) return 0;
  let sw = 0;
  let sw2 = 0;
  let swy = 0;
  for (const { y, v } of estimates) {
    sw += 1 / v;
    sw2 += 1 / (v * v);
    swy += y / v;
  }
  const mean = swy / sw;
  const q = estimates.reduce((s, { y, v }) => s + (y - mean) ** 2 / v, 0);
  return Math.max(0, (q - (estimates.length - 1)) / (sw - sw2 / sw));
}

/**
 * A segment's effect pooled towards the centre N(μ, σμ²) with between-segment variance τ²:
 * B = v/(v + τ²), mean = Bμ + (1 − B)y, variance = (1 − B)v + B²σμ². Without data it is the centre
 * widened by τ² (what a new segment is expected to show).
 */
export function shrinkSegment(centre: Normal, tau2: number, data: Estimate | null): Normal {
  if (!data) return { mean: centre.mean, variance: centre.variance + tau2 };
  const b = data.v / (data.v + tau2);
  return { mean: b * centre.mean + (1 - b) * data.y, variance: (1 - b) * data.v + b * b * centre.variance };
}

/** Mean, sd and 95% interval of a normal; `includesZero` when the interval does not exclude 0. */
export function summarise(n: Normal): { mean: number; sd: number; low: number; high: number; includesZero: boolean } {
  const sd = Math.sqrt(n.variance);
  const low = n.mean - Z95 * sd;
  const high = n.mean + Z95 * sd;
  return { mean: n.mean, sd, low, high, includesZero: low <= 0 && high >= 0 };
}
