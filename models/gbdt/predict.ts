// Predictions from raw (unbinned) inputs: a split sends x left when x <= the edge of its bin, which is
// exactly the rows binning put in bins 0..bin, so training and scoring agree; NaN follows missingLeft.
import { GbdtError } from './errors.ts';
import { lossFor } from './losses.ts';
import type { GbdtModel } from './model.ts';

type Input = Float32Array | Float64Array;

/**
 * Every tree in flat arrays indexed by node, each tree's nodes laid out breadth-first so a node's
 * children sit side by side: the next node is `child + (goes right)`, one load and no branch per
 * level. A leaf points to itself.
 */
export interface Forest {
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  /** 1 where NaN goes right. */
  nanRight: Uint8Array;
  child: Int32Array;
  leaf: Uint8Array;
  /** A leaf's value (raw scale), 0 elsewhere. */
  value: Float64Array;
}

export function compileForest(model: GbdtModel): Forest {
  const size = model.trees.reduce((n, tree) => n + tree.feature.length, 0);
  const forest: Forest = {
    roots: new Int32Array(model.trees.length),
    feature: new Int32Array(size),
    threshold: new Float64Array(size),
    nanRight: new Uint8Array(size),
    child: new Int32Array(size),
    leaf: new Uint8Array(size),
    value: new Float64Array(size),
  };
  let root = 0;
  model.trees.forEach((tree, t) => {
    forest.roots[t] = root;
    // Breadth-first: the k-th node queued is stored at root + k.
    const queue = [0];
    for (let k = 0; k < queue.length; k++) {
      const at = root + k;
      const n = queue[k];
      const f = tree.feature[n];
      if (f < 0) {
        forest.leaf[at] = 1;
        forest.threshold[at] = Infinity;
        forest.child[at] = at;
        forest.value[at] = tree.value[n];
        continue;
      }
      const edges = model.edges[f];
      forest.feature[at] = f;
      // The last value bin: every non-missing value goes left (a split of NaN from the rest).
      forest.threshold[at] = tree.bin[n] < edges.length ? edges[tree.bin[n]] : Infinity;
      forest.nanRight[at] = tree.missingLeft[n] ? 0 : 1;
      forest.child[at] = root + queue.length;
      queue.push(tree.left[n], tree.right[n]);
    }
    root += queue.length;
  });
  return forest;
}

/**
 * For k < count: ends[k] = the leaf reached from node starts[k] by row rows[k] of x. Four walks
 * go in step, which keeps the processor busy while each waits on its loads; a walk that reached its
 * leaf stays there (a leaf's threshold is +Infinity and its child itself).
 */
export function walkRows(
  forest: Forest,
  x: Input,
  cols: number,
  rows: Int32Array,
  count: number,
  starts: Int32Array,
  ends: Int32Array,
): void {
  const { feature, threshold, nanRight, child, leaf } = forest;
  let k = 0;
  for (; k + 4 <= count; k += 4) {
    const b0 = rows[k] * cols;
    const b1 = rows[k + 1] * cols;
    const b2 = rows[k + 2] * cols;
    const b3 = rows[k + 3] * cols;
    let n0 = starts[k];
    let n1 = starts[k + 1];
    let n2 = starts[k + 2];
    let n3 = starts[k + 3];
    while ((leaf[n0] & leaf[n1] & leaf[n2] & leaf[n3]) === 0) {
      n0 = child[n0] + right(x[b0 + feature[n0]], threshold[n0], nanRight[n0]);
      n1 = child[n1] + right(x[b1 + feature[n1]], threshold[n1], nanRight[n1]);
      n2 = child[n2] + right(x[b2 + feature[n2]], threshold[n2], nanRight[n2]);
      n3 = child[n3] + right(x[b3 + feature[n3]], threshold[n3], nanRight[n3]);
    }
    ends[k] = n0;
    ends[k + 1] = n1;
    ends[k + 2] = n2;
    ends[k + 3] = n3;
  }
  for (; k < count; k++) {
    const base = rows[k] * cols;
    let n = starts[k];
    while (leaf[n] === 0) n = child[n] + right(x[base + feature[n]], threshold[n], nanRight[n]);
    ends[k] = n;
  }
}

/** 1 when `v` goes right at node `n`. */
export function goesRight(forest: Forest, n: number, v: number): number {
  return right(v, forest.threshold[n], forest.nanRight[n]);
}

/** 1 when v goes right, without a branch. */
function right(v: number, threshold: number, nanRight: number): number {
  return ((v > threshold) as unknown as number) | (((v !== v) as unknown as number) & nanRight);
}

/** Rows scored a block at a time: a block stays in cache while every tree walks it. */
export const BLOCK = 256;

/** Raw (link-scale) scores: logits for logistic, log means for poisson and tweedie. */
export function predictGbdtRaw(model: GbdtModel, x: Input, rows: number, cols: number): Float64Array {
  checkInput(model, x, rows, cols);
  const forest = compileForest(model);
  const out = new Float64Array(rows).fill(model.baseScore);
  const starts = new Int32Array(BLOCK);
  const ends = new Int32Array(BLOCK);
  const block = new Int32Array(BLOCK);
  for (let from = 0; from < rows; from += BLOCK) {
    const count = Math.min(BLOCK, rows - from);
    for (let k = 0; k < count; k++) block[k] = from + k;
    for (const root of forest.roots) {
      walkRows(forest, x, cols, block, count, starts.fill(root), ends);
      for (let k = 0; k < count; k++) out[from + k] += forest.value[ends[k]];
    }
  }
  return out;
}

/** Probabilities (logistic), expected values (poisson, tweedie) or values (squared). */
export function predictGbdt(model: GbdtModel, x: Input, rows: number, cols: number): Float64Array {
  return toResponse(model, predictGbdtRaw(model, x, rows, cols));
}

/** Raw scores to the response scale, in place. */
export function toResponse(model: GbdtModel, raw: Float64Array): Float64Array {
  const inverse = lossFor(model.loss).inverseLink;
  for (let i = 0; i < raw.length; i++) raw[i] = inverse(raw[i]);
  return raw;
}

export function checkInput(model: GbdtModel, x: Input, rows: number, cols: number): void {
  if (cols !== model.cols) throw new GbdtError(`model has ${model.cols} input columns, input has ${cols}`);
  if (x.length !== rows * cols) throw new GbdtError(`input matrix has ${x.length} values, expected ${rows} x ${cols}`);
}
