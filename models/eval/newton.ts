// The Newton step of an L2-penalised generalised linear model with an intercept, on a dense
// row-major matrix: the gradient and Hessian of the mean loss summed over rows, then solved.
// Shared by logistic regression and Poisson regression; `derivatives` gives, for one row's linear
// predictor, the loss's first and second derivative (already weighted).
import { solveSymmetric } from './linear-solve.ts';

export function newtonStep(
  x: Float32Array | Float64Array,
  rows: number,
  cols: number,
  w: Float64Array,
  l2: number,
  derivatives: (eta: number, i: number) => { g: number; h: number },
): Float64Array {
  const d = cols + 1;
  const row = new Float64Array(d);
  const grad = new Float64Array(d);
  const hess = new Float64Array(d * d);
  for (let i = 0; i < rows; i++) {
    row[0] = 1;
    for (let j = 0; j < cols; j++) row[j + 1] = x[i * cols + j];
    let eta = 0;
    for (let j = 0; j < d; j++) eta += w[j] * row[j];
    const { g, h } = derivatives(eta, i);
    for (let a = 0; a < d; a++) {
      grad[a] += g * row[a];
      const ha = h * row[a];
      for (let b = a; b < d; b++) hess[a * d + b] += ha * row[b];
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) hess[a * d + b] = hess[b * d + a];
  for (let j = 1; j < d; j++) {
    grad[j] += l2 * w[j];
    hess[j * d + j] += l2;
  }
  hess[0] += 1e-10;
  return solveSymmetric(hess, grad, d);
}

/** w[0] + Σ w[j + 1] x[i, j]: the linear predictor of row i, summed in column order. */
export function linearPredictor(w: ArrayLike<number>, x: Float32Array | Float64Array, i: number, cols: number): number {
  let eta = w[0];
  for (let j = 0; j < cols; j++) eta += w[j + 1] * x[i * cols + j];
  return eta;
}

/** The model's prediction for every row: `inverseLink` of the linear predictor. */
export function predictRows(
  w: ArrayLike<number>,
  x: Float32Array | Float64Array,
  rows: number,
  cols: number,
  inverseLink: (eta: number) => number,
): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = inverseLink(linearPredictor(w, x, i, cols));
  return out;
}
