// Predictions from raw (unbinned) inputs: a split sends x left when x <= the edge of its bin, which is
// exactly the rows binning put in bins 0..bin, so training and scoring agree; NaN follows missingLeft.
import { GbdtError } from './errors.ts';
import { lossFor } from './losses.ts';
import type { GbdtModel, GbdtTree } from './model.ts';

interface CompiledTree {
  feature: Int32Array;
  threshold: Float64Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

function compileTree(tree: GbdtTree, edges: number[][]): CompiledTree {
  const threshold = tree.feature.map((f, n) => {
    if (f < 0) return 0;
    const e = edges[f];
    // The last value bin: every non-missing value goes left (a split of NaN from the rest).
    return tree.bin[n] < e.length ? e[tree.bin[n]] : Infinity;
  });
  return {
    feature: Int32Array.from(tree.feature),
    threshold: Float64Array.from(threshold),
    missingLeft: Uint8Array.from(tree.missingLeft, (m) => (m ? 1 : 0)),
    left: Int32Array.from(tree.left),
    right: Int32Array.from(tree.right),
    value: Float64Array.from(tree.value),
  };
}

/** Adds the tree's leaf values of rows [from, to) to `out` (raw scale). */
function addTree(tree: CompiledTree, x: Float32Array | Float64Array, cols: number, out: Float64Array, from = 0, to = out.length): void {
  const { feature, threshold, missingLeft, left, right, value } = tree;
  for (let i = from; i < to; i++) {
    let n = 0;
    let f = feature[0];
    while (f >= 0) {
      const v = x[i * cols + f];
      n = v <= threshold[n] || (v !== v && missingLeft[n] === 1) ? left[n] : right[n];
      f = feature[n];
    }
    out[i] += value[n];
  }
}

/** Rows scored a block at a time: a block stays in cache while every tree walks it. */
const BLOCK = 256;

/** Raw (link-scale) scores: logits for logistic, log means for poisson and tweedie. */
export function predictGbdtRaw(model: GbdtModel, x: Float32Array | Float64Array, rows: number, cols: number): Float64Array {
  if (cols !== model.cols) throw new GbdtError(`model has ${model.cols} input columns, input has ${cols}`);
  if (x.length !== rows * cols) throw new GbdtError(`input matrix has ${x.length} values, expected ${rows} x ${cols}`);
  const out = new Float64Array(rows).fill(model.baseScore);
  const trees = model.trees.map((tree) => compileTree(tree, model.edges));
  for (let from = 0; from < rows; from += BLOCK) {
    const to = Math.min(from + BLOCK, rows);
    for (const tree of trees) addTree(tree, x, cols, out, from, to);
  }
  return out;
}

/** Probabilities (logistic), expected values (poisson, tweedie) or values (squared). */
export function predictGbdt(model: GbdtModel, x: Float32Array | Float64Array, rows: number, cols: number): Float64Array {
  const raw = predictGbdtRaw(model, x, rows, cols);
  const inverse = lossFor(model.loss).inverseLink;
  for (let i = 0; i < rows; i++) raw[i] = inverse(raw[i]);
  return raw;
}
