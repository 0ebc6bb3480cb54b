// L2-regularised Poisson regression (log link) fitted by Newton's method (IRLS) on a dense row-major
// matrix: the "regularised linear value model" candidate, and the value stack over candidates'
// predictions. Labels below zero (net spend after refunds) are taken as zero: the Poisson likelihood
// is defined for non-negative targets only.
import { linearPredictor, newtonStep, predictRows } from './newton.ts';

export interface PoissonModel {
  /** weights[0] is the intercept, weights[1 + j] the weight of column j. */
  weights: number[];
  iterations: number;
  converged: boolean;
}

export interface PoissonOptions {
  /** L2 penalty on the non-intercept weights, in units of the mean log-likelihood (default 1e-3). */
  l2?: number;
  maxIterations?: number;
}

/** Linear predictors are kept in [-MAX_ETA, MAX_ETA] so one extreme row cannot overflow exp(). */
const MAX_ETA = 30;

export function fitPoisson(
  x: Float32Array | Float64Array,
  rows: number,
  cols: number,
  y: ArrayLike<number>,
  options: PoissonOptions = {},
): PoissonModel {
  const l2 = options.l2 ?? 1e-3;
  const maxIterations = options.maxIterations ?? 100;
  const d = cols + 1;
  const w = new Float64Array(d);
  let mean = 0;
  for (let i = 0; i < rows; i++) mean += Math.max(y[i], 0);
  mean /= Math.max(rows, 1);
  w[0] = Math.log(Math.max(mean, 1e-9));
  const objective = (weights: Float64Array) => {
    let nll = 0;
    for (let i = 0; i < rows; i++) {
      const eta = clampEta(linearPredictor(weights, x, i, cols));
      nll += Math.exp(eta) - Math.max(y[i], 0) * eta;
    }
    let penalty = 0;
    for (let j = 1; j < d; j++) penalty += weights[j] * weights[j];
    return nll / Math.max(rows, 1) + 0.5 * l2 * penalty;
  };
  let current = objective(w);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const step = newtonStep(x, rows, cols, w, l2, (eta, i) => {
      const mu = Math.exp(clampEta(eta));
      return { g: (mu - Math.max(y[i], 0)) / rows, h: Math.max(mu, 1e-12) / rows };
    });
    // Newton on the Poisson likelihood can overshoot from a poor start: halve the step until it helps.
    let scale = 1;
    let next = w;
    let value = current;
    for (let k = 0; k < 30; k++) {
      next = Float64Array.from(w, (v, j) => v - scale * step[j]);
      value = objective(next);
      if (value <= current) break;
      scale /= 2;
    }
    let size = 0;
    for (let j = 0; j < d; j++) size = Math.max(size, Math.abs(next[j] - w[j]));
    w.set(next);
    const improvement = current - value;
    current = value;
    if (size < 1e-8 || improvement < 1e-12 * Math.max(1, Math.abs(current))) {
      converged = true;
      break;
    }
  }
  return { weights: Array.from(w), iterations, converged };
}

export function predictPoisson(
  model: PoissonModel,
  x: Float32Array | Float64Array,
  rows: number,
  cols: number,
): Float64Array {
  return predictRows(model.weights, x, rows, cols, (eta) => Math.exp(clampEta(eta)));
}

function clampEta(eta: number): number {
  return eta > MAX_ETA ? MAX_ETA : eta < -MAX_ETA ? -MAX_ETA : eta;
}
