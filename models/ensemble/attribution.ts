// Occlusion attributions of any churn scorer over the input matrix: for customer i and group g, the
// churn logit of i minus the logit of i with g's inputs set to the reference customer's. The same
// method as the network's (models/churn-clv/attribution.ts), for a shipped head that combines
// several members: members that do not read the matrix (BG/NBD) keep their value for the row.
import type { Matrix } from '../churn-clv/matrix.ts';

/** Churn probabilities for the rows of `x`, which are the rows `rows` of the scored set. */
export type ChurnScorer = (x: Matrix, rows: readonly number[]) => Float64Array;

export function occlusionAttributionOf(
  score: ChurnScorer,
  x: Matrix,
  reference: ArrayLike<number>,
  groups: readonly (readonly number[])[],
  base: Float64Array,
  only?: readonly Uint8Array[],
): Float64Array[] {
  const baseLogits = base.map(logit);
  return groups.map((columns, g) => {
    const out = new Float64Array(x.rows);
    if (columns.length === 0) return out;
    out.fill(NaN);
    const wanted = only?.[g];
    const rows: number[] = [];
    for (let i = 0; i < x.rows; i++) if (!wanted || wanted[i]) rows.push(i);
    if (rows.length === 0) return out;
    const occluded = new Float32Array(rows.length * x.cols);
    rows.forEach((i, k) => {
      occluded.set(x.data.subarray(i * x.cols, (i + 1) * x.cols), k * x.cols);
      for (const j of columns) occluded[k * x.cols + j] = reference[j];
    });
    const other = score({ data: occluded, rows: rows.length, cols: x.cols }, rows);
    rows.forEach((i, k) => (out[i] = baseLogits[i] - logit(other[k])));
    return out;
  });
}

function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
  return Math.log(q / (1 - q));
}
