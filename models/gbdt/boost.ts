// The boosting loop: bin the training rows once, then each round fit a tree to the loss's gradients
// and hessians and add its leaf values; with a validation set, keep the round of lowest validation loss
// and stop `patience` rounds after it. Deterministic: no randomness anywhere, so the same inputs give a
// bitwise identical model.
import { strideSample } from './binning.ts';
import { GbdtError } from './errors.ts';
import { buildLayout } from './layout.ts';
import { lossFor } from './losses.ts';
import { resolveOptions, type GbdtModel, type GbdtOptions, type GbdtTree } from './model.ts';
import { GrowBuffers, growTree } from './tree.ts';
import { ValidationScores } from './validation.ts';

export interface GbdtValidation {
  x: Float32Array | Float64Array;
  rows: number;
  y: ArrayLike<number>;
}

export function fitGbdt(
  x: Float32Array,
  rows: number,
  cols: number,
  y: ArrayLike<number>,
  options: GbdtOptions,
  valid?: GbdtValidation,
): GbdtModel {
  const o = resolveOptions(options);
  const loss = lossFor(o.loss);
  if (!(rows > 0) || !(cols > 0)) throw new GbdtError(`no training data: ${rows} rows x ${cols} columns`);
  if (x.length !== rows * cols)
    throw new GbdtError(`training matrix has ${x.length} values, expected ${rows} x ${cols}`);
  if (valid && !(valid.rows > 0)) throw new GbdtError('validation set has no rows');
  if (valid && valid.x.length !== valid.rows * cols)
    throw new GbdtError(`validation matrix has ${valid.x.length} values, expected ${valid.rows} x ${cols}`);

  const take = strideSample(rows, o.maxRows > 0 ? o.maxRows : rows);
  const labels = loss.prepare(y, rows, 'training labels');
  const yt = take.length === rows ? labels : Float64Array.from(take, (r) => labels[r]);
  const baseScore = loss.baseScore(yt);
  const layout = buildLayout(x, cols, take, o.maxBins, o.binSampleRows);
  const n = layout.rows;
  const raw = new Float64Array(n).fill(baseScore);
  // Float32 gradients and hessians, as scikit-learn and LightGBM keep them.
  const gh = new Float32Array(2 * n);
  const buffers = new GrowBuffers(layout);

  const yv = valid ? loss.prepare(valid.y, valid.rows, 'validation labels') : null;
  const scores = valid ? new ValidationScores(valid.x, valid.rows, cols, layout.edges, baseScore) : null;
  const validLoss = yv && scores ? [loss.mean(yv, scores.raw)] : [];
  const trees: GbdtTree[] = [];
  let bestRound = 0;
  for (let round = 1; round <= o.maxRounds; round++) {
    loss.gradients(yt, raw, gh);
    const { tree, leaves } = growTree(layout, gh, o, buffers);
    // A tree of one leaf means no split is worth making any more (as scikit-learn stops).
    if (tree.feature.length === 1) break;
    trees.push(tree);
    for (const { start, end, value } of leaves) for (let k = start; k < end; k++) raw[buffers.idx[k]] += value;
    let current: number | null = null;
    if (yv && scores) {
      scores.addTree(tree);
      current = loss.mean(yv, scores.raw);
      validLoss.push(current);
      if (current < validLoss[bestRound] - o.tolerance) bestRound = round;
    } else {
      bestRound = round;
    }
    options.onRound?.(round, current);
    if (round - bestRound >= o.patience) break;
  }
  const { loss: _loss, ...kept } = o;
  return {
    kind: 'gbdt',
    loss: o.loss,
    cols,
    baseScore,
    edges: layout.edges.map((e) => Array.from(e)),
    trees: trees.slice(0, bestRound),
    rounds: trees.length,
    bestRound,
    validLoss,
    trainRows: n,
    options: kept,
  };
}
