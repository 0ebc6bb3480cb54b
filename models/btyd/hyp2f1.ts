// The Gaussian hypergeometric function 2F1(a, b; c; z) for the arguments the BTYD models produce:
// a, b, c > 0 and 0 <= z < 1, so every term of the series is positive and there is no cancellation.
// Returned as a logarithm, with the running sum rescaled, so huge arguments (a customer with 10,000
// purchases) neither overflow nor underflow. Convergence is slow only as z -> 1; past `maxTerms`
// the remaining tail is bounded by a geometric series and the midpoint of the bounds is used.
import { BtydError } from './errors.ts';

const RESCALE = 1e250;
const LOG_RESCALE = Math.log(RESCALE);

export interface Hyp2f1Options {
  /** Relative tolerance on the sum (default 1e-15). */
  tolerance?: number;
  /** Term budget before the tail estimate is used (default 200,000). */
  maxTerms?: number;
}

/** log 2F1(a, b; c; z) for a, b, c > 0, 0 <= z < 1. */
export function log2F1(a: number, b: number, c: number, z: number, options: Hyp2f1Options = {}): number {
  if (!(a > 0 && b > 0 && c > 0) || !(z >= 0 && z < 1)) {
    throw new BtydError('invalid-argument', `2F1 needs a, b, c > 0 and 0 <= z < 1, got a=${a}, b=${b}, c=${c}, z=${z}`);
  }
  if (z === 0) return 0;
  // Euler's transformation 2F1(a,b;c;z) = (1-z)^(c-a-b) 2F1(c-a, c-b; c; z) keeps positive terms when
  // c > a and c > b, and its terms then shrink from the start: prefer it in that case.
  if (c > a && c > b && c - a - b < 0) {
    return (c - a - b) * Math.log1p(-z) + logSeries(c - a, c - b, c, z, options);
  }
  return logSeries(a, b, c, z, options);
}

/**
 * log Σ_k (a)_k (b)_k / ((c)_k k!) z^k with positive terms. The ratio of consecutive terms tends to z
 * from below or above; once terms shrink, stop at the tolerance.
 */
function logSeries(a: number, b: number, c: number, z: number, options: Hyp2f1Options): number {
  const tolerance = options.tolerance ?? 1e-15;
  const maxTerms = options.maxTerms ?? 200_000;
  let term = 1;
  let sum = 1;
  let logScale = 0;
  for (let k = 0; k < maxTerms; k++) {
    const ratio = (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    term *= ratio;
    sum += term;
    if (sum > RESCALE) {
      sum /= RESCALE;
      term /= RESCALE;
      logScale += LOG_RESCALE;
    }
    if (ratio < 1 && term <= tolerance * sum) return Math.log(sum) + logScale;
    if (!Number.isFinite(sum)) break;
  }
  const ratio = (((a + maxTerms) * (b + maxTerms)) / ((c + maxTerms) * (maxTerms + 1))) * z;
  if (!(ratio < 1) || !Number.isFinite(sum)) {
    throw new BtydError('no-convergence', `2F1(${a}, ${b}; ${c}; ${z}) did not converge in ${maxTerms} terms`);
  }
  // The term ratio moves monotonically towards z: the tail lies between the geometric series with the
  // current ratio and the one with ratio z.
  const low = (term * ratio) / (1 - ratio);
  const high = (term * Math.max(ratio, z)) / (1 - Math.max(ratio, z));
  return Math.log(sum + (low + high) / 2) + logScale;
}
