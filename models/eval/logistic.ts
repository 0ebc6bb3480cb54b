// L2-regularised logistic regression fitted by Newton's method (IRLS) on a dense row-major matrix.
// Deterministic, no dependencies: the "logistic regression on the same features" baseline, and the
// Platt calibration of the network's churn probability (one input: its logit).
import { newtonStep, predictRows } from './newton.ts';

export interface LogisticModel {
  /** weights[0] is the intercept, weights[1 + j] the weight of column j. */
  weights: number[];
  iterations: number;
  converged: boolean;
}

export interface LogisticOptions {
  /** L2 penalty on the non-intercept weights, in units of the mean log-likelihood (default 1e-4). */
  l2?: number;
  maxIterations?: number;
  /** Per-row weights, e.g. class weights (default 1). */
  rowWeights?: ArrayLike<number>;
}

export function fitLogistic(
  x: Float32Array | Float64Array,
  rows: number,
  cols: number,
  y: ArrayLike<number>,
  options: LogisticOptions = {},
): LogisticModel {
  const l2 = options.l2 ?? 1e-4;
  const maxIterations = options.maxIterations ?? 50;
  const d = cols + 1;
  const w = new Float64Array(d);
  let wsum = 0;
  let ysum = 0;
  for (let i = 0; i < rows; i++) {
    const rw = options.rowWeights?.[i] ?? 1;
    wsum += rw;
    ysum += rw * y[i];
  }
  const base = Math.min(Math.max(ysum / Math.max(wsum, 1e-12), 1e-6), 1 - 1e-6);
  w[0] = Math.log(base / (1 - base));
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const step = newtonStep(x, rows, cols, w, l2, (z, i) => {
      const p = 1 / (1 + Math.exp(-z));
      const rw = (options.rowWeights?.[i] ?? 1) / wsum;
      return { g: rw * (p - y[i]), h: rw * Math.max(p * (1 - p), 1e-12) };
    });
    let size = 0;
    for (let j = 0; j < d; j++) {
      w[j] -= step[j];
      size = Math.max(size, Math.abs(step[j]));
    }
    if (size < 1e-8) {
      converged = true;
      break;
    }
  }
  return { weights: Array.from(w), iterations, converged };
}

export function predictLogistic(
  model: LogisticModel,
  x: Float32Array | Float64Array,
  rows: number,
  cols: number,
): Float64Array {
  return predictRows(model.weights, x, rows, cols, (z) => 1 / (1 + Math.exp(-z)));
}
