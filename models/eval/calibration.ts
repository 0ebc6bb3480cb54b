// Post-hoc calibration of churn probabilities, fitted on a validation window and saved with the model:
//   platt:    p' = sigmoid(a * logit(p) + b), a and b by maximum likelihood (Platt 1999);
//   isotonic: the pool-adjacent-violators fit of y on p, applied by linear interpolation between
//             block means (monotone, so the ranking and the AUC are unchanged up to ties); block
//             rates are kept half a customer away from 0 and 1.
import { fitLogistic } from './logistic.ts';

export type Calibration =
  | { method: 'platt'; a: number; b: number }
  | { method: 'isotonic'; x: number[]; y: number[] }
  | { method: 'none' };

export type CalibrationMethod = Calibration['method'];

export function fitCalibration(
  method: CalibrationMethod,
  labels: ArrayLike<number>,
  probs: ArrayLike<number>,
): Calibration {
  if (method === 'none') return { method };
  if (method === 'platt') {
    const z = Float64Array.from({ length: probs.length }, (_, i) => logit(probs[i]));
    const { weights } = fitLogistic(z, z.length, 1, labels, { l2: 0 });
    return { method, a: weights[1], b: weights[0] };
  }
  return { method, ...isotonic(labels, probs) };
}

export function applyCalibration(calibration: Calibration, probs: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(probs);
  if (calibration.method === 'platt') {
    for (let i = 0; i < out.length; i++) out[i] = 1 / (1 + Math.exp(-(calibration.a * logit(out[i]) + calibration.b)));
  } else if (calibration.method === 'isotonic') {
    for (let i = 0; i < out.length; i++) out[i] = interpolate(calibration.x, calibration.y, out[i]);
  }
  return out;
}

function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-7), 1 - 1e-7);
  return Math.log(q / (1 - q));
}

/** Pool adjacent violators on (p, y) sorted by p; returns block mean p and fitted y. */
export function isotonic(labels: ArrayLike<number>, probs: ArrayLike<number>): { x: number[]; y: number[] } {
  const order = Array.from({ length: probs.length }, (_, i) => i).sort((a, b) => probs[a] - probs[b] || a - b);
  const blocks: { sx: number; sy: number; n: number }[] = [];
  for (const i of order) {
    blocks.push({ sx: probs[i], sy: labels[i], n: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1];
      const prev = blocks[blocks.length - 2];
      if (prev.sy / prev.n < last.sy / last.n) break;
      prev.sx += last.sx;
      prev.sy += last.sy;
      prev.n += last.n;
      blocks.pop();
    }
  }
  // A block of only churners (or none) would say 1 (or 0): certainty that one unlucky customer turns
  // into an unbounded log loss. Each block stays half a customer away from 0 and 1, kept monotone.
  const y = blocks.map((b) => Math.min(Math.max(b.sy / b.n, 0.5 / b.n), 1 - 0.5 / b.n));
  for (let k = 1; k < y.length; k++) y[k] = Math.max(y[k], y[k - 1]);
  return { x: blocks.map((b) => b.sx / b.n), y };
}

function interpolate(xs: number[], ys: number[], v: number): number {
  if (xs.length === 0) return v;
  if (v <= xs[0]) return ys[0];
  if (v >= xs[xs.length - 1]) return ys[ys.length - 1];
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= v) lo = mid;
    else hi = mid;
  }
  const t = xs[hi] === xs[lo] ? 0 : (v - xs[lo]) / (xs[hi] - xs[lo]);
  return ys[lo] + t * (ys[hi] - ys[lo]);
}
