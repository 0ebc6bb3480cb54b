// Several networks trained from seeds derived from the config seed, averaged into one network.
// On a few thousand training rows one network's ranking depends on its seed by up to 0.03 Gini
// (docs/model-card.md); averaging the members' raw outputs removes most of that spread.
//
// The members are merged into ONE layers model (parallel hidden branches, a shared linear `heads`
// layer holding every member's head kernel divided by K), so saving, loading, scoring, calibration
// and attributions see a single network whose outputs are the mean of the members' outputs:
// the mean churn logit, the mean buy logit, the mean lognormal location and raw scale.
import * as tf from '@tensorflow/tfjs';
import { fitNetwork, stepSeed, type EpochLog, type FitOptions, type FitResult, type Labels } from './fit.ts';
import type { Matrix } from './matrix.ts';
import { OUTPUT_UNITS } from './model.ts';

/** One member's seed and how its early stopping went (saved in the model's metadata). */
export interface MemberLog {
  seed: number;
  bestEpoch: number;
  epochs: number;
}

export interface EnsembleResult extends FitResult {
  members: MemberLog[];
}

/** Member k's seed: member 0 keeps the config seed (one member = today's network), others are hashes of it. */
export function memberSeed(seed: number, k: number): number {
  return k === 0 ? seed : stepSeed(seed, 0x5eed, k) % 2 ** 31;
}

/** Rows at or above which 'auto' trains one network: the work of K members on N rows stays below one on this many. */
export const AUTO_MEMBER_ROWS = 200_000;
const MAX_AUTO_MEMBERS = 5;

/**
 * How many networks to average: 'auto' takes 5 below 40,000 training rows and fewer above, so members x
 * rows never exceeds max(5 x rows, 200,000) and one network is trained from 200,000 rows up, where a
 * single seed's spread is small (at 1M rows training costs what one network costs).
 */
export function resolveMembers(members: number | 'auto' | undefined, rows: number): number {
  if (members === undefined) return 1;
  if (members === 'auto')
    return Math.min(MAX_AUTO_MEMBERS, Math.max(1, Math.floor(AUTO_MEMBER_ROWS / Math.max(rows, 1))));
  return members;
}

/** Fits `members` networks one after the other and merges them (no merge for one member). */
export async function fitEnsemble(
  members: number,
  train: Matrix,
  trainLabels: Labels,
  valid: Matrix,
  validLabels: Labels,
  options: FitOptions,
  onEpoch?: (log: EpochLog) => void,
): Promise<EnsembleResult> {
  const results: FitResult[] = [];
  const logs: MemberLog[] = [];
  for (let k = 0; k < members; k++) {
    const seed = memberSeed(options.seed, k);
    // Progress is reported for the first member only (the others take about as long).
    const result = await fitNetwork(
      train,
      trainLabels,
      valid,
      validLabels,
      { ...options, seed },
      k === 0 ? onEpoch : undefined,
    );
    if (members > 1) for (const t of result.epochs) t.member = k;
    results.push(result);
    logs.push({ seed, bestEpoch: result.bestEpoch, epochs: result.history.length });
  }
  const first = results[0];
  const model =
    members === 1
      ? first.model
      : mergeMembers(
          results.map((r) => r.model),
          train.cols,
          options.hiddenUnits,
        );
  if (members > 1) for (const r of results) r.model.dispose();
  const seconds = results.reduce((s, r) => s + r.seconds, 0);
  const rowsRun = results.reduce((s, r) => s + r.history.length, 0) * train.rows;
  return {
    model,
    history: first.history,
    bestEpoch: first.bestEpoch,
    seconds,
    rowsPerSecond: rowsRun / Math.max(seconds, 1e-9),
    epochs: results.flatMap((r) => r.epochs),
    members: logs,
  };
}

/**
 * One layers model computing the mean of the members' outputs: member k's hidden layers become the
 * branch `m{k}_hidden_{i}`, the branches are concatenated, and `heads` stacks the members' head
 * kernels (each divided by K) over the mean of their biases.
 */
export function mergeMembers(
  members: readonly tf.LayersModel[],
  inputDim: number,
  hiddenUnits: readonly number[],
): tf.LayersModel {
  const k = members.length;
  const input = tf.input({ shape: [inputDim], name: 'features' });
  const branches = members.map((_, m) => {
    let x: tf.SymbolicTensor = input;
    hiddenUnits.forEach((units, i) => {
      x = tf.layers
        .dense({ units, activation: 'relu', name: `m${m}_hidden_${i + 1}`, kernelInitializer: 'zeros' })
        .apply(x) as tf.SymbolicTensor;
    });
    return x;
  });
  const joined = tf.layers.concatenate({ name: 'members' }).apply(branches) as tf.SymbolicTensor;
  const output = tf.layers
    .dense({ units: OUTPUT_UNITS, name: 'heads', kernelInitializer: 'zeros' })
    .apply(joined) as tf.SymbolicTensor;
  const merged = tf.model({ inputs: input, outputs: output, name: 'churn_clv' });
  tf.tidy(() => {
    members.forEach((member, m) =>
      hiddenUnits.forEach((_, i) =>
        merged.getLayer(`m${m}_hidden_${i + 1}`).setWeights(member.getLayer(`hidden_${i + 1}`).getWeights()),
      ),
    );
    const heads = members.map((member) => member.getLayer('heads').getWeights());
    const kernel = tf.div(
      tf.concat(
        heads.map(([w]) => w),
        0,
      ),
      k,
    );
    const bias = tf.div(tf.addN(heads.map(([, b]) => b)), k);
    merged.getLayer('heads').setWeights([kernel, bias]);
  });
  return merged;
}
