// Losses of the boosted trees, on the raw (link) scale: value, gradient and hessian per row, the
// constant model they start from and the inverse link. Half deviances, as scikit-learn's
// HistGradientBoosting uses, so gradients and leaf values match its conventions.
import { GbdtError } from './errors.ts';

export type GbdtLoss = 'logistic' | 'poisson' | 'squared' | 'tweedie';

export interface Loss {
  /** Labels as the loss sees them (checked; clipped where the loss says so); `what` names them in errors. */
  prepare(y: ArrayLike<number>, rows: number, what: string): Float64Array;
  /** The best constant prediction, raw scale, of the (training) labels. */
  baseScore(y: Float64Array): number;
  /** Gradient and hessian of each row, interleaved: gh[2i], gh[2i + 1]. */
  gradients(y: Float64Array, raw: Float64Array, gh: Float32Array): void;
  /** Mean loss over the rows. */
  mean(y: Float64Array, raw: Float64Array): number;
  /** Raw score to prediction (probability, expected value). */
  inverseLink(raw: number): number;
}

const TWEEDIE_POWER = 1.5;

export function lossFor(name: GbdtLoss): Loss {
  switch (name) {
    case 'logistic':
      return logistic;
    case 'poisson':
      return poisson;
    case 'squared':
      return squared;
    case 'tweedie':
      return tweedie;
    default:
      throw new GbdtError(`unknown loss: ${String(name)} (expected logistic, poisson, squared or tweedie)`);
  }
}

function checkedLabels(
  y: ArrayLike<number>,
  rows: number,
  what: string,
  accept: (v: number) => boolean,
  expected: string,
): Float64Array {
  if (y.length !== rows) throw new GbdtError(`${what}: ${y.length} values for ${rows} rows`);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const v = y[i];
    if (!Number.isFinite(v) || !accept(v)) throw new GbdtError(`${what}: row ${i} is ${v}, expected ${expected}`);
    out[i] = v;
  }
  return out;
}

function meanOf(y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i];
  return s / Math.max(y.length, 1);
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

const logistic: Loss = {
  prepare: (y, rows, what) => checkedLabels(y, rows, what, (v) => v >= 0 && v <= 1, 'a number in [0, 1]'),
  baseScore(y) {
    const p = Math.min(Math.max(meanOf(y), 1e-12), 1 - 1e-12);
    return Math.log(p / (1 - p));
  },
  gradients(y, raw, gh) {
    for (let i = 0; i < y.length; i++) {
      const p = sigmoid(raw[i]);
      gh[2 * i] = p - y[i];
      gh[2 * i + 1] = p * (1 - p);
    }
  },
  mean(y, raw) {
    // log(1 + e^z) - y z, computed without overflow for large |z|.
    let s = 0;
    for (let i = 0; i < y.length; i++) {
      const z = raw[i];
      s += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i] * z;
    }
    return s / Math.max(y.length, 1);
  },
  inverseLink: sigmoid,
};

// Non-negative targets with a log link. Value labels are net spend and can be slightly negative after
// refunds: such labels are clipped at 0 (a Poisson or Tweedie mean cannot be negative), never refused.
const nonNegative = (y: ArrayLike<number>, rows: number, what: string) => {
  const out = checkedLabels(y, rows, what, () => true, 'a finite number');
  for (let i = 0; i < rows; i++) out[i] = Math.max(out[i], 0);
  return out;
};

function logMean(y: Float64Array): number {
  const m = meanOf(y);
  if (!(m > 0))
    throw new GbdtError('labels are all zero (after clipping negatives): a log-link loss needs some positive label');
  return Math.log(m);
}

const poisson: Loss = {
  prepare: nonNegative,
  baseScore: logMean,
  gradients(y, raw, gh) {
    for (let i = 0; i < y.length; i++) {
      const mu = Math.exp(raw[i]);
      gh[2 * i] = mu - y[i];
      gh[2 * i + 1] = mu;
    }
  },
  mean(y, raw) {
    let s = 0;
    for (let i = 0; i < y.length; i++) s += Math.exp(raw[i]) - y[i] * raw[i];
    return s / Math.max(y.length, 1);
  },
  inverseLink: Math.exp,
};

// Half Tweedie deviance with power p in (1, 2), log link, up to terms free of the prediction.
const tweedie: Loss = {
  prepare: nonNegative,
  baseScore: logMean,
  gradients(y, raw, gh) {
    const p = TWEEDIE_POWER;
    for (let i = 0; i < y.length; i++) {
      const a = y[i] * Math.exp((1 - p) * raw[i]);
      const b = Math.exp((2 - p) * raw[i]);
      gh[2 * i] = b - a;
      gh[2 * i + 1] = (2 - p) * b - (1 - p) * a;
    }
  },
  mean(y, raw) {
    const p = TWEEDIE_POWER;
    let s = 0;
    for (let i = 0; i < y.length; i++)
      s += Math.exp((2 - p) * raw[i]) / (2 - p) - (y[i] * Math.exp((1 - p) * raw[i])) / (1 - p);
    return s / Math.max(y.length, 1);
  },
  inverseLink: Math.exp,
};

const squared: Loss = {
  prepare: (y, rows, what) => checkedLabels(y, rows, what, () => true, 'a finite number'),
  baseScore: meanOf,
  gradients(y, raw, gh) {
    for (let i = 0; i < y.length; i++) {
      gh[2 * i] = raw[i] - y[i];
      gh[2 * i + 1] = 1;
    }
  },
  mean(y, raw) {
    let s = 0;
    for (let i = 0; i < y.length; i++) s += 0.5 * (raw[i] - y[i]) ** 2;
    return s / Math.max(y.length, 1);
  },
  inverseLink: (raw) => raw,
};
