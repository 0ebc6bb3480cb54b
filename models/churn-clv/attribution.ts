// Attributions of the churn score to groups of inputs, by occlusion against a reference customer:
// for customer i and group g, the churn logit of i minus the logit of i with g's inputs set to the
// reference's (a typical active customer). Positive = the group raises this customer's churn score.
// Groups are used rather than single inputs because related inputs (recency and the usual gap;
// logins in 30 and 90 days) only make sense together. Also: permutation importance over a labelled set.
import type * as tf from '@tensorflow/tfjs';
import type { Matrix } from './matrix.ts';
import { predictNetwork } from './predict.ts';

/** Input column indices of each group (groups may be empty). */
export type InputGroups = readonly (readonly number[])[];

/**
 * `only[g]`, when given, marks the rows whose attribution to group g is wanted: only those rows are
 * occluded and scored again (the others are NaN). Scoring asks only for the reasons that hold for a
 * customer, ~2 of 8 groups, which cuts the extra network passes about fourfold. `churnProb`: the
 * network's uncalibrated churn probabilities for `x`, when the caller has them.
 */
export function occlusionAttribution(
  network: tf.LayersModel,
  x: Matrix,
  reference: ArrayLike<number>,
  groups: InputGroups,
  only?: readonly Uint8Array[],
  churnProb?: Float64Array,
): Float64Array[] {
  // The caller usually has the (uncalibrated) churn probabilities of `x` already: a network pass saved.
  const score = (sub: Matrix) => predictNetwork(network, sub).churnProb;
  return occlusionAttributionOf(score, x, reference, groups, churnProb ?? score(x), only);
}

/** Churn probabilities for the rows of `x`, which are the rows `rows` of the scored set with group `group` occluded. */
export type ChurnScorer = (x: Matrix, rows: Int32Array, group: number) => Float64Array;

/**
 * The same for any churn scorer over the input matrix (a shipped head combining several members:
 * members that do not read the matrix, BG/NBD, keep the row's own value). `base`: the scorer's
 * probabilities for `x`.
 */
export function occlusionAttributionOf(
  score: ChurnScorer,
  x: Matrix,
  reference: ArrayLike<number>,
  groups: InputGroups,
  base: Float64Array,
  only?: readonly Uint8Array[],
): Float64Array[] {
  const baseLogits = toLogits(base);
  const { cols } = x;
  return groups.map((columns, g) => {
    if (columns.length === 0) return new Float64Array(x.rows);
    const rows = wantedRows(x.rows, only?.[g]);
    const out = new Float64Array(x.rows).fill(NaN);
    if (rows.length === 0) return out;
    const occluded = new Float32Array(rows.length * cols);
    for (let k = 0; k < rows.length; k++) {
      occluded.set(x.data.subarray(rows[k] * cols, (rows[k] + 1) * cols), k * cols);
      for (const j of columns) occluded[k * cols + j] = reference[j];
    }
    const other = toLogits(score({ ...x, rows: rows.length, data: occluded }, rows, g));
    for (let k = 0; k < rows.length; k++) out[rows[k]] = baseLogits[rows[k]] - other[k];
    return out;
  });
}

/** Rows of `x` with the group's columns permuted jointly across rows (seeded Fisher-Yates). */
export function permuteGroup(x: Matrix, columns: readonly number[], random: () => number): Matrix {
  const order = Int32Array.from({ length: x.rows }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const data = Float32Array.from(x.data);
  for (let i = 0; i < x.rows; i++) for (const j of columns) data[i * x.cols + j] = x.data[order[i] * x.cols + j];
  return { ...x, data };
}

function wantedRows(n: number, wanted: Uint8Array | undefined): Int32Array {
  const rows = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) if (!wanted || wanted[i]) rows[m++] = i;
  return rows.subarray(0, m);
}

function toLogits(churnProb: Float64Array): Float64Array {
  const out = new Float64Array(churnProb.length);
  for (let i = 0; i < out.length; i++) {
    const q = Math.min(Math.max(churnProb[i], 1e-12), 1 - 1e-12);
    out[i] = Math.log(q / (1 - q));
  }
  return out;
}
