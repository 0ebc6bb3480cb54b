// Predictive distributions of what a customer will do in a window, and intervals from them. The count
// of purchases is discrete, so no interval has exactly the nominal mass: `equal-tailed` (quantiles
// (1-level)/2 and (1+level)/2) and `shortest` (the fewest counts with mass >= level) both over-cover;
// `nearest` grows the set from the mode and stops where its mass is nearest the level (above or
// below), so that across customers the coverage averages out near the level. The randomised PIT
// (Czado, Gneiting and Held 2009) is the calibration check that is exact for discrete outcomes.

export type CountIntervalMethod = 'equal-tailed' | 'shortest' | 'nearest';
export const COUNT_INTERVAL_METHODS: readonly CountIntervalMethod[] = ['equal-tailed', 'shortest', 'nearest'];

/**
 * P(X(t) = n), n = 0, 1, ..., of an alive BG/NBD customer with λ ~ Gamma(r, α), p ~ Beta(a, b)
 * (Fader, Hardie and Lee 2005, eq. 8), by recursions in n instead of an incomplete beta per term;
 * cut where the remaining mass is below `tail` (or at `maxCount`).
 */
export function aliveCountPmf(
  r: number,
  alpha: number,
  a: number,
  b: number,
  t: number,
  tail = 1e-7,
  maxCount = 10_000,
): Float64Array {
  if (!(t > 0)) return Float64Array.of(1);
  const z = t / (alpha + t);
  let nb = Math.exp(r * Math.log(alpha / (alpha + t))); // NB(0; r, z)
  let survivor = 1 - nb; // P(NB >= 1)
  let beta1 = 1; // B(a, b + n) / B(a, b)
  let beta2 = a / (a + b); // B(a + 1, b + n - 1) / B(a, b), from n = 1
  const out: number[] = [nb];
  let total = nb;
  for (let n = 1; n <= maxCount && total < 1 - tail; n++) {
    nb *= ((r + n - 1) / n) * z;
    beta1 *= (b + n - 1) / (a + b + n - 1);
    if (n > 1) beta2 *= (b + n - 2) / (a + b + n - 1);
    const p = beta1 * nb + beta2 * Math.max(survivor, 0);
    survivor -= nb;
    out.push(p);
    total += p;
  }
  return Float64Array.from(out);
}

export interface CountInterval {
  low: number;
  high: number;
  /** Its probability under the predictive distribution (what it "claims" to cover). */
  mass: number;
}

/** An interval of counts from a PMF (pmf[n] = P(N = n), summing to ~1). */
export function countInterval(pmf: ArrayLike<number>, level: number, method: CountIntervalMethod): CountInterval {
  if (method === 'equal-tailed') {
    const low = quantileOf(pmf, (1 - level) / 2);
    const high = quantileOf(pmf, (1 + level) / 2);
    let mass = 0;
    for (let n = low; n <= high; n++) mass += pmf[n];
    return { low, high, mass };
  }
  let mode = 0;
  for (let n = 1; n < pmf.length; n++) if (pmf[n] > pmf[mode]) mode = n;
  let low = mode;
  let high = mode;
  let mass = pmf[mode];
  while (mass < level && (low > 0 || high < pmf.length - 1)) {
    const left = low > 0 ? pmf[low - 1] : -1;
    const right = high < pmf.length - 1 ? pmf[high + 1] : -1;
    const next = Math.max(left, right);
    if (method === 'nearest' && level - mass < mass + next - level) break;
    if (right >= left) high++;
    else low--;
    mass += next;
  }
  return { low, high, mass };
}

/** The smallest n with P(N <= n) >= q. */
function quantileOf(pmf: ArrayLike<number>, q: number): number {
  let cumulative = 0;
  for (let n = 0; n < pmf.length; n++) {
    cumulative += pmf[n];
    if (cumulative >= q - 1e-12) return n;
  }
  return pmf.length - 1;
}

/** Randomised PIT of an observed count: F(y - 1) + v P(y), uniform on (0, 1) when the PMF is right. */
export function randomisedPit(pmf: ArrayLike<number>, observed: number, v: number): number {
  let below = 0;
  for (let n = 0; n < Math.min(observed, pmf.length); n++) below += pmf[n];
  const at = observed < pmf.length ? pmf[observed] : 0;
  return Math.min(1, below + v * at);
}

/** The q-quantile of sorted samples (linear interpolation between order statistics). */
export function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}
