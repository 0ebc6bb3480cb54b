// The best split of a node from its histogram, scanning each column's bins as scikit-learn's
// HistGradientBoosting does: left to right with NaN sent right, then (when the column had NaN in
// training) right to left with NaN sent left. Gain is the second-order loss reduction
// G_L^2/(H_L+l2) + G_R^2/(H_R+l2) - G^2/(H+l2); a split must leave minSamplesLeaf rows and minHessian
// on each side and have a positive gain.
import type { Layout } from './layout.ts';

export interface NodeSums {
  g: number;
  h: number;
  count: number;
}

export interface Split {
  column: number;
  /** Bins 0..bin of the column go left. */
  bin: number;
  /** NaN goes left (only meaningful when the column had NaN in training). */
  missingLeft: boolean;
  gain: number;
  left: NodeSums;
}

export interface SplitLimits {
  minSamplesLeaf: number;
  minHessian: number;
  l2: number;
}

const score = (g: number, h: number, l2: number) => (g * g) / (h + l2 + 1e-15);

export function findBestSplit(hist: Float64Array, layout: Layout, node: NodeSums, limits: SplitLimits): Split | null {
  const { minSamplesLeaf, minHessian, l2 } = limits;
  const parent = score(node.g, node.h, l2);
  let best: Split | null = null;
  let bestGain = 0;
  const consider = (column: number, bin: number, missingLeft: boolean, gl: number, hl: number, cl: number) => {
    const gain = score(gl, hl, l2) + score(node.g - gl, node.h - hl, l2) - parent;
    if (gain > bestGain) {
      bestGain = gain;
      best = { column, bin, missingLeft, gain, left: { g: gl, h: hl, count: cl } };
    }
  };
  for (let j = 0; j < layout.cols; j++) {
    const c = layout.columns[j];
    if (c.group < 0) continue;
    if (c.bundled) {
      // The one split of a 0/1 column: rows where it is 0 left, 1 right.
      const on = (c.offset + c.onBin) * 3;
      const cl = node.count - hist[on + 2];
      const hl = node.h - hist[on + 1];
      if (cl >= minSamplesLeaf && hist[on + 2] >= minSamplesLeaf && hl >= minHessian && hist[on + 1] >= minHessian)
        consider(j, 0, false, node.g - hist[on], hl, cl);
      continue;
    }
    const valueBins = layout.edges[j].length + 1;
    const base = c.offset * 3;
    // Left to right, NaN right; the last value bin is a candidate only when that leaves NaN alone on the right.
    let gl = 0;
    let hl = 0;
    let cl = 0;
    const last = valueBins - 1 + (c.hasMissing ? 1 : 0);
    for (let b = 0; b < last; b++) {
      gl += hist[base + 3 * b];
      hl += hist[base + 3 * b + 1];
      cl += hist[base + 3 * b + 2];
      if (cl < minSamplesLeaf || hl < minHessian) continue;
      if (node.count - cl < minSamplesLeaf || node.h - hl < minHessian) break;
      consider(j, b, false, gl, hl, cl);
    }
    if (!c.hasMissing) continue;
    // Right to left, NaN left.
    let gr = 0;
    let hr = 0;
    let cr = 0;
    for (let b = valueBins - 2; b >= 0; b--) {
      gr += hist[base + 3 * (b + 1)];
      hr += hist[base + 3 * (b + 1) + 1];
      cr += hist[base + 3 * (b + 1) + 2];
      if (cr < minSamplesLeaf || hr < minHessian) continue;
      if (node.count - cr < minSamplesLeaf || node.h - hr < minHessian) break;
      consider(j, b, true, node.g - gr, node.h - hr, node.count - cr);
    }
  }
  return best;
}
