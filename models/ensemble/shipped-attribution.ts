// The shipped model's predictions with occlusion attributions of its churn score
// (models/churn-clv/attribution.ts). Occluding a group re-runs the churn head's members on the
// occluded rows, except the boosted trees, which re-walk only the trees a group changes
// (models/gbdt/occlusion.ts), and BG/NBD, which keeps the row's own value; the head then combines
// the members as for any row.
import { occlusionAttributionOf, type InputGroups } from '../churn-clv/attribution.ts';
import type { Matrix } from '../churn-clv/matrix.ts';
import { predictGbdtOccluded } from '../gbdt/occlusion.ts';
import { toResponse } from '../gbdt/predict.ts';
import { CANDIDATE, leadingColumns, type BtydColumns, type ShippedModel, type ShippedPredictions } from './shipped.ts';

export interface ExplainedPredictions extends ShippedPredictions {
  /** Per group, per row (NaN where not asked for); null without groups or a reference customer. */
  attributions: Float64Array[] | null;
}

/** `only[g]`, when given: the rows whose attribution to group g is wanted; `churnLevel`: see predictMatrix. */
export function predictExplained(
  shipped: ShippedModel,
  x: Matrix,
  btyd: BtydColumns,
  groups: InputGroups | null,
  only?: readonly Uint8Array[],
  churnLevel?: number,
): ExplainedPredictions {
  const reference = shipped.network.metadata.reference;
  if (!groups || reference === undefined)
    return { ...shipped.predictMatrix(x, btyd, { churnLevel }), attributions: null };
  const trees = occludedTrees(shipped, x, reference, groups, only);
  const predictions = shipped.predictMatrix(x, btyd, {
    churnLevel,
    given: trees ? { [CANDIDATE.gbdt]: trees.base } : undefined,
  });
  const { churnProb } = predictions;
  const score = (sub: Matrix, rows: Int32Array, g: number) =>
    shipped.churnMatrix(
      sub,
      { pNoPurchase: pick(btyd.pNoPurchase, rows), expectedValue: pick(btyd.expectedValue, rows) },
      trees ? { [CANDIDATE.gbdt]: pick(trees.occluded[g], rows) } : undefined,
    );
  return { ...predictions, attributions: occlusionAttributionOf(score, x, reference, groups, churnProb, only) };
}

/** The churn trees' probabilities for the rows as they are and per group occluded; null when the churn head has no trees. */
function occludedTrees(
  shipped: ShippedModel,
  x: Matrix,
  reference: ArrayLike<number>,
  groups: InputGroups,
  only?: readonly Uint8Array[],
) {
  const members = shipped.heads?.members;
  const model = members?.gbdtChurn;
  if (!model || !shipped.churnMembers.includes(CANDIDATE.gbdt)) return null;
  const inputs = leadingColumns(x, members!.inputs ?? x.cols);
  const { raw, occluded } = predictGbdtOccluded(model, inputs.data, inputs.rows, inputs.cols, reference, groups, only);
  return { base: toResponse(model, raw), occluded: occluded.map((scores) => toResponse(model, scores)) };
}

function pick(column: ArrayLike<number>, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = column[rows[k]];
  return out;
}
