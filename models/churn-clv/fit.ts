// Trains the multi-task network deterministically: our own seeded shuffle each epoch, one tensor per
// batch built from a subarray (on wasm, slicing a big tensor copies all of it), early stopping on the
// validation loss with the best epoch's weights restored.
import * as tf from '@tensorflow/tfjs';
import { chunks, type Matrix } from './matrix.ts';
import { buildNetwork, initialiseHeadBias, OUTPUT_UNITS } from './model.ts';

export interface FitOptions {
  hiddenUnits: number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  l2: number;
  patience: number;
  valueLossWeight: number;
  /** Class weight of churners in the churn loss (1: unweighted; calibration undoes the shift it causes). */
  churnPositiveWeight?: number;
  seed: number;
}

export interface Labels {
  churned: Float32Array;
  value: Float32Array;
}

export interface EpochLog {
  epoch: number;
  loss: number;
  valLoss: number;
}

export interface FitResult {
  model: tf.LayersModel;
  history: EpochLog[];
  bestEpoch: number;
}

export async function fitNetwork(
  train: Matrix,
  trainLabels: Labels,
  valid: Matrix,
  validLabels: Labels,
  options: FitOptions,
  onEpoch?: (log: EpochLog) => void,
): Promise<FitResult> {
  const model = buildNetwork({ inputDim: train.cols, ...options });
  initialiseHeadBias(model, labelStats(trainLabels));
  const targets = targetMatrix(trainLabels);
  const validTargets = targetMatrix(validLabels);
  const random = mulberry32(options.seed);
  const order = Int32Array.from({ length: train.rows }, (_, i) => i);
  const xs = new Float32Array(train.data.length);
  const ys = new Float32Array(targets.length);

  const history: EpochLog[] = [];
  let best = { loss: Infinity, epoch: 0, weights: [] as tf.Tensor[] };
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    shuffleInPlace(order, random);
    permuteRows(train.data, train.cols, order, xs);
    permuteRows(targets, OUTPUT_UNITS, order, ys);
    let lossSum = 0;
    for (const [start, end] of chunks(train.rows, options.batchSize)) {
      const x = tf.tensor2d(xs.subarray(start * train.cols, end * train.cols), [end - start, train.cols]);
      const y = tf.tensor2d(ys.subarray(start * OUTPUT_UNITS, end * OUTPUT_UNITS), [end - start, OUTPUT_UNITS]);
      const loss = (await model.trainOnBatch(x, y)) as number;
      lossSum += loss * (end - start);
      x.dispose();
      y.dispose();
    }
    const log = { epoch, loss: lossSum / train.rows, valLoss: evaluateLoss(model, valid, validTargets) };
    history.push(log);
    onEpoch?.(log);
    if (log.valLoss < best.loss - 1e-6) {
      best.weights.forEach((w) => w.dispose());
      best = { loss: log.valLoss, epoch, weights: model.getWeights().map((w) => w.clone()) };
    } else if (epoch - best.epoch >= options.patience) {
      break;
    }
  }
  model.setWeights(best.weights);
  best.weights.forEach((w) => w.dispose());
  return { model, history, bestEpoch: best.epoch };
}

/** Rows' targets laid out as [churned, value, 0, 0] to match the 4 output columns. */
function targetMatrix(labels: Labels): Float32Array {
  const out = new Float32Array(labels.churned.length * OUTPUT_UNITS);
  for (let i = 0; i < labels.churned.length; i++) {
    out[i * OUTPUT_UNITS] = labels.churned[i];
    out[i * OUTPUT_UNITS + 1] = labels.value[i];
  }
  return out;
}

function evaluateLoss(model: tf.LayersModel, valid: Matrix, targets: Float32Array): number {
  let sum = 0;
  for (const [start, end] of chunks(valid.rows, 8192)) {
    const loss = tf.tidy(() => {
      const x = tf.tensor2d(valid.data.subarray(start * valid.cols, end * valid.cols), [end - start, valid.cols]);
      const y = tf.tensor2d(targets.subarray(start * OUTPUT_UNITS, end * OUTPUT_UNITS), [end - start, OUTPUT_UNITS]);
      return model.evaluate(x, y, { batchSize: end - start }) as tf.Scalar;
    });
    sum += loss.dataSync()[0] * (end - start);
    loss.dispose();
  }
  return sum / Math.max(valid.rows, 1);
}

function labelStats(labels: Labels) {
  let churn = 0;
  let buyers = 0;
  let logSum = 0;
  let logSq = 0;
  for (let i = 0; i < labels.churned.length; i++) {
    churn += labels.churned[i];
    const v = labels.value[i];
    if (v > 0) {
      buyers++;
      const l = Math.log(v);
      logSum += l;
      logSq += l * l;
    }
  }
  const n = Math.max(labels.churned.length, 1);
  const mean = buyers ? logSum / buyers : 0;
  return {
    churnRate: churn / n,
    buyRate: buyers / n,
    logValueMean: mean,
    logValueStd: buyers ? Math.sqrt(Math.max(logSq / buyers - mean * mean, 0)) : 1,
  };
}

function permuteRows(src: Float32Array, width: number, order: Int32Array, dst: Float32Array): void {
  for (let i = 0; i < order.length; i++) dst.set(src.subarray(order[i] * width, (order[i] + 1) * width), i * width);
}

function shuffleInPlace(order: Int32Array, random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}

/** Small seeded PRNG for the shuffle; models must not depend on Math.random. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
