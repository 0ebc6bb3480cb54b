// Stacks: a second-level model over the candidates' own predictions, fitted on rows none of the
// candidates trained on (the validation window). Churn: logistic regression on the candidates'
// logits, so its output is a calibrated probability. Value: Poisson regression on log(1 + value),
// a weighted geometric blend whose level is fitted too. Both are a handful of weights.
import { fitLogistic, predictLogistic } from '../eval/logistic.ts';
import { fitPoisson, predictPoisson } from '../eval/poisson.ts';

export interface Stack {
  /** Candidate names, in the order of `weights[1..]`. */
  members: string[];
  /** weights[0] is the intercept. */
  weights: number[];
}

type Column = ArrayLike<number>;

/** Logistic regression of the churn label on each member's logit. */
export function fitChurnStack(members: string[], predictions: Column[], churned: Column, l2 = 1e-3): Stack {
  const x = design(predictions, logit);
  return { members, weights: fitLogistic(x, churned.length, predictions.length, churned, { l2 }).weights };
}

export function applyChurnStack(stack: Stack, predictions: Column[]): Float64Array {
  return predictLogistic(
    { weights: stack.weights, iterations: 0, converged: true },
    design(predictions, logit),
    rowsOf(predictions),
    predictions.length,
  );
}

/** Poisson regression of the value label on each member's log(1 + value). */
export function fitValueStack(members: string[], predictions: Column[], value: Column, l2 = 1e-3): Stack {
  const x = design(predictions, log1p);
  return { members, weights: fitPoisson(x, value.length, predictions.length, value, { l2 }).weights };
}

export function applyValueStack(stack: Stack, predictions: Column[]): Float64Array {
  return predictPoisson(
    { weights: stack.weights, iterations: 0, converged: true },
    design(predictions, log1p),
    rowsOf(predictions),
    predictions.length,
  );
}

function design(columns: Column[], f: (v: number) => number): Float64Array {
  const rows = rowsOf(columns);
  const cols = columns.length;
  const x = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const c = columns[j];
    for (let i = 0; i < rows; i++) x[i * cols + j] = f(c[i]);
  }
  return x;
}

function rowsOf(columns: Column[]): number {
  return columns.length ? columns[0].length : 0;
}

function logit(p: number): number {
  const q = Math.min(Math.max(Number.isFinite(p) ? p : 0.5, 1e-6), 1 - 1e-6);
  return Math.log(q / (1 - q));
}

function log1p(v: number): number {
  return Math.log1p(Number.isFinite(v) ? Math.max(v, 0) : 0);
}
