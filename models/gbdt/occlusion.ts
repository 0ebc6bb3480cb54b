// Raw scores of rows with a group of input columns set to reference values (occlusion attributions),
// without walking every tree again: the occluded row follows the row's own path down to the first
// split on the group where the reference goes the other way. So each row's leaves are kept while its
// block of rows is scored, and only the trees whose path to that leaf has such a split are walked
// again, from there: score = base score - old leaves + new leaves.
import type { GbdtModel } from './model.ts';
import { BLOCK, checkInput, compileForest, goesRight, walkRows, type Forest } from './predict.ts';

export interface GbdtOcclusion {
  /** The raw scores of the rows as they are (the same numbers as predictGbdtRaw). */
  raw: Float64Array;
  /** Per group, the raw score of each wanted row with the group occluded; NaN for the other rows. */
  occluded: Float64Array[];
}

/**
 * `groups[g]`: input columns of group g (columns >= `cols` are not the trees' inputs and change
 * nothing here). `only[g]`, when given, marks the rows whose occluded score for group g is wanted.
 */
export function predictGbdtOccluded(
  model: GbdtModel,
  x: Float32Array,
  rows: number,
  cols: number,
  reference: ArrayLike<number>,
  groups: readonly (readonly number[])[],
  only?: readonly Uint8Array[],
): GbdtOcclusion {
  checkInput(model, x, rows, cols);
  const forest = compileForest(model);
  const inputs = groups.map((columns) => columns.filter((j) => j < cols));
  const { entry, touches } = groupEntries(model, forest, inputs, reference);
  const trees = forest.roots.length;
  const raw = new Float64Array(rows).fill(model.baseScore);
  const occluded = groups.map(() => new Float64Array(rows).fill(NaN));
  const leaves = new Int32Array(trees * BLOCK);
  const block = new Int32Array(BLOCK);
  const starts = new Int32Array(BLOCK);
  const ends = new Int32Array(BLOCK);
  const walked = new Int32Array(BLOCK);
  const wanted = new Int32Array(BLOCK);
  const change = new Float64Array(BLOCK);
  // The block's wanted rows with the group occluded, as the network's matrix holds them (float32).
  const occludedRows = new Float32Array(BLOCK * cols);
  for (let from = 0; from < rows; from += BLOCK) {
    const count = Math.min(BLOCK, rows - from);
    for (let k = 0; k < count; k++) block[k] = from + k;
    for (let t = 0; t < trees; t++) {
      const at = leaves.subarray(t * BLOCK, t * BLOCK + count);
      walkRows(forest, x, cols, block, count, starts.fill(forest.roots[t]), at);
      for (let k = 0; k < count; k++) raw[from + k] += forest.value[at[k]];
    }
    inputs.forEach((columns, g) => {
      let m = 0;
      for (let k = 0; k < count; k++) {
        const i = from + k;
        if (only && !only[g][i]) continue;
        occludedRows.set(x.subarray(i * cols, (i + 1) * cols), m * cols);
        for (const j of columns) occludedRows[m * cols + j] = reference[j];
        wanted[m++] = k;
      }
      change.fill(0, 0, m);
      for (let t = 0; t < trees; t++) {
        if (!touches[t * groups.length + g]) continue;
        // Only the rows whose path meets the group walk again, from where it does.
        let w = 0;
        for (let r = 0; r < m; r++) {
          const start = entry[leaves[t * BLOCK + wanted[r]] * groups.length + g];
          if (start < 0) continue;
          starts[w] = start;
          walked[w++] = r;
        }
        walkRows(forest, occludedRows, cols, walked, w, starts, ends);
        for (let v = 0; v < w; v++)
          change[walked[v]] += forest.value[ends[v]] - forest.value[leaves[t * BLOCK + wanted[walked[v]]]];
      }
      for (let r = 0; r < m; r++) occluded[g][from + wanted[r]] = raw[from + wanted[r]] + change[r];
    });
  }
  return { raw, occluded };
}

/**
 * `entry[leaf * groups + g]`: where a row that reached `leaf` walks again with group g occluded, or
 * -1 when its leaf stays the same. Along the row's path, an occluded group column holds the
 * reference value, so at each split on the group the occluded row goes the reference's way (fixed
 * per split); the paths part at the first split where that is not the way the row went, and the
 * occluded walk resumes at the reference's child there. `touches[tree * groups + g]`: whether any
 * split of the tree reads group g.
 */
function groupEntries(
  model: GbdtModel,
  forest: Forest,
  groups: readonly (readonly number[])[],
  reference: ArrayLike<number>,
): { entry: Int32Array; touches: Uint8Array } {
  const size = forest.feature.length;
  const member = groups.map((columns) => {
    const set = new Uint8Array(model.cols);
    for (const j of columns) set[j] = 1;
    return set;
  });
  const entry = new Int32Array(size * groups.length).fill(-1);
  const touches = new Uint8Array(forest.roots.length * groups.length);
  // Breadth-first layout: a node's parent comes before it, so one pass in order carries the entries down.
  let tree = -1;
  for (let n = 0; n < size; n++) {
    if (forest.roots[tree + 1] === n) tree++;
    if (forest.leaf[n]) continue;
    const f = forest.feature[n];
    // The reference as the occluded float32 row holds it.
    const toReference = forest.child[n] + goesRight(forest, n, Math.fround(reference[f]));
    for (let g = 0; g < groups.length; g++) {
      const inherited = entry[n * groups.length + g];
      const reads = member[g][f] === 1;
      if (reads) touches[tree * groups.length + g] = 1;
      for (const c of [forest.child[n], forest.child[n] + 1]) {
        entry[c * groups.length + g] = inherited >= 0 ? inherited : reads && c !== toReference ? toReference : -1;
      }
    }
  }
  return { entry, touches };
}
