// The sentiment model learned from a company's own scored answers (issue 20): logistic regression on
// the hashed text features (hashing.ts: words, word bigrams, Han 1-3-grams; sublinear tf, L2-normalised)
// and, as one more input, the built-in lexicon's score (lexicon.ts)
//   P(positive | text) = sigmoid(b + sum_j w[bucket_j] * x_j + w_lex * lexicon(text))
// The lexicon input lets a few hundred answers start from what the lexicon knows (on the English dev
// corpus, 276 training texts: held-out AUC 0.85 without it, 0.96 with it). Pure: no pipeline imports, no IO.
// - Training: TensorFlow.js computes each mini-batch's gradient of the mean log loss plus an L2 penalty
//   on a dense matrix over only the buckets the batch uses (batch x a few thousand), so the 2^18 buckets
//   never become a dense matrix; Adagrad updates those weights in place (a sparse update, the usual
//   optimiser for hashed linear models). Not tf.gather + tf.unsortedSegmentSum: gather's gradient is an
//   UnsortedSegmentSum over all 2^18 buckets, which the wasm backend lacks and the cpu backend runs as
//   one masked sum per bucket (minutes per step). Early stopping on a validation split.
// - Backend: tfjs's cpu backend while training (the previous one restored after): the same weights bit
//   for bit on every machine (tfjs-node or wasm would differ), and the matrices are small.
// - Held-out quality: examples are split by a hash of their id (or text), so the split does not depend
//   on the seed and a repeated text never sits on both sides. HOLDOUT_SHARE is held out and scored once;
//   the rest is fitted, early-stopped on its own VALIDATION_SHARE. The shipped weights are then refitted
//   on all examples for the number of epochs early stopping chose: the company's vocabulary is the
//   model's whole knowledge, and a quarter of it left out costs more than the held-out estimate (which
//   describes the procedure, on fewer examples) leaves unsaid.
// - Cold start: the built-in lexicon (lexicon.ts) is used instead when there are fewer than
//   MIN_EXAMPLES labelled texts or MIN_PER_CLASS of either class, or when the model's held-out ROC-AUC
//   does not beat the lexicon's on the same texts.
// - Scoring needs no tfjs (scoreSentiment / sentimentScorer): a dot product over the hashed vector, so
//   worker threads score millions of texts cheaply.
import * as tf from '@tensorflow/tfjs';
import { brierScore, calibrationTable, rocAuc } from '../eval/metrics.ts';
import { mulberry32 } from '../random.ts';
import { DEFAULT_BUCKETS, hashText, hashToken } from './hashing.ts';
import { lexiconSentiment } from './lexicon.ts';
import { normaliseText } from './normalise.ts';
import { decode, TOKENIZER_VERSION, type SerialisedSentiment } from './sentiment-scorer.ts';

export {
  cachedScorer,
  scoreSentiment,
  sentimentScorer,
  TOKENIZER_VERSION,
  type SerialisedSentiment,
} from './sentiment-scorer.ts';

/** Below this many labelled texts a held-out AUC rests on ~50 texts: too few to trust over the lexicon. */
export const MIN_EXAMPLES = 200;
/** Each class needs this many, so that the held-out part (a quarter) holds ~10 of the rarer one. */
export const MIN_PER_CLASS = 40;
export const HOLDOUT_SHARE = 0.25;
export const VALIDATION_SHARE = 0.15;
const SPLIT_SEED = 0x5e47; // the hash seed of the hold-out split (fixed: the split is part of the method)
const VALIDATION_SEED = 0x7a11;

export type LabelledText = { text: string; positive: boolean; id?: string };
export type TrainOptions = {
  seed: number;
  buckets?: number;
  /** L2 penalty on the weights (per example, on the mean loss). */
  l2?: number;
  learningRate?: number;
  batchSize?: number;
  maxEpochs?: number;
  /** Epochs without a better validation loss before stopping. */
  patience?: number;
  /** The lexicon score as one more input: what the lexicon knows, the model need not learn from few texts. */
  lexicon?: boolean;
  /** The cold-start thresholds (MIN_EXAMPLES, MIN_PER_CLASS unless given). */
  minExamples?: number;
  minPerClass?: number;
};

export type Holdout = {
  n: number;
  positives: number;
  auc: number;
  /** Expected calibration error over 10 equal-width bins. */
  ece: number;
  brier: number;
  lexiconAuc: number;
};

export type TrainedSentiment = {
  use: 'model' | 'lexicon';
  reason: string;
  examples: number;
  positives: number;
  holdout: Holdout | null;
  model: SerialisedSentiment | null;
};

type Settings = Required<Omit<TrainOptions, 'seed'>> & { seed: number };

const DEFAULTS = {
  buckets: DEFAULT_BUCKETS,
  l2: 1e-4,
  learningRate: 0.5,
  batchSize: 32,
  maxEpochs: 60,
  patience: 3,
  lexicon: true,
  minExamples: MIN_EXAMPLES,
  minPerClass: MIN_PER_CLASS,
};

/** A label from a survey score: true positive, false negative, null for the neutral middle (dropped). */
export function labelFromScore(score: number, scale: 'nps' | 'csat' | 'stars'): boolean | null {
  const [low, high, negativeTo, positiveFrom] = scale === 'nps' ? [0, 10, 6, 9] : [1, 5, 2, 4];
  if (!Number.isFinite(score) || score < low || score > high) {
    throw new RangeError(`invalid ${scale} score: ${score} (expected ${low} to ${high})`);
  }
  return score >= positiveFrom ? true : score <= negativeTo ? false : null;
}

/** Sparse rows in compressed form: row r's entries are offsets[r] .. offsets[r + 1]. */
type Rows = { offsets: Int32Array; indices: Int32Array; values: Float32Array; labels: Float32Array };

/** Rows of hashed features, plus the lexicon score in column `buckets` when `lexicon` is on. */
function featurise(examples: readonly LabelledText[], buckets: number, lexicon: boolean): Rows {
  const offsets = new Int32Array(examples.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  examples.forEach((e, r) => {
    const text = normaliseText(e.text);
    const v = hashText(text, buckets);
    for (let k = 0; k < v.size; k++) {
      indices.push(v.indices[k]);
      values.push(v.values[k]);
    }
    const score = lexicon ? lexiconSentiment(text).score : 0;
    if (score !== 0) {
      indices.push(buckets);
      values.push(score);
    }
    offsets[r + 1] = indices.length;
  });
  const labels = Float32Array.from(examples, (e) => (e.positive ? 1 : 0));
  return { offsets, indices: Int32Array.from(indices), values: Float32Array.from(values), labels };
}

function subset(rows: Rows, picked: readonly number[]): Rows {
  const offsets = new Int32Array(picked.length + 1);
  let size = 0;
  picked.forEach((r, k) => (offsets[k + 1] = size += rows.offsets[r + 1] - rows.offsets[r]));
  const indices = new Int32Array(size);
  const values = new Float32Array(size);
  picked.forEach((r, k) => {
    indices.set(rows.indices.subarray(rows.offsets[r], rows.offsets[r + 1]), offsets[k]);
    values.set(rows.values.subarray(rows.offsets[r], rows.offsets[r + 1]), offsets[k]);
  });
  return { offsets, indices, values, labels: Float32Array.from(picked, (r) => rows.labels[r]) };
}

/** Whether an example falls in the part of a hash split of the given share. */
function inShare(e: LabelledText, seed: number, share: number): boolean {
  return hashToken(e.id ?? e.text, seed) / 2 ** 32 < share;
}

/**
 * A batch as a dense matrix over only the buckets it uses: X[k, u] is row k's value in bucket
 * `buckets[u]`. Small (batch x a few thousand), and matMul has a gradient on every backend.
 */
function batchMatrix(
  rows: Rows,
  order: Int32Array,
  from: number,
  to: number,
): { x: Float32Array; buckets: Int32Array } {
  const local = new Map<number, number>();
  for (let k = from; k < to; k++) {
    for (let j = rows.offsets[order[k]]; j < rows.offsets[order[k] + 1]; j++) {
      if (!local.has(rows.indices[j])) local.set(rows.indices[j], local.size);
    }
  }
  const x = new Float32Array((to - from) * local.size);
  for (let k = from; k < to; k++) {
    for (let j = rows.offsets[order[k]]; j < rows.offsets[order[k] + 1]; j++) {
      x[(k - from) * local.size + local.get(rows.indices[j])!] = rows.values[j];
    }
  }
  return { x, buckets: Int32Array.from(local.keys()) };
}

/** The logits of a batch (tfjs): X w_U + b, with w_U the weights of the batch's buckets. */
function logits(x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor): tf.Tensor1D {
  return tf.add(tf.matMul(x, tf.reshape(w, [-1, 1])).reshape([-1]), b) as tf.Tensor1D;
}

/** Plain-JS probabilities of rows under dense weights (float32 products summed in float64). */
function probabilities(weights: Float32Array, bias: number, rows: Rows): Float64Array {
  const out = new Float64Array(rows.labels.length);
  for (let r = 0; r < out.length; r++) {
    let z = bias;
    for (let j = rows.offsets[r]; j < rows.offsets[r + 1]; j++) z += weights[rows.indices[j]] * rows.values[j];
    out[r] = 1 / (1 + Math.exp(-z));
  }
  return out;
}

function logLoss(p: Float64Array, labels: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum -= Math.log(Math.max(labels[i] ? p[i] : 1 - p[i], 1e-12));
  return sum / p.length;
}

/** A seeded permutation of 0..n-1 (Fisher-Yates). */
function shuffled(n: number, random: () => number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

type Fitted = { weights: Float32Array; bias: number; epochs: number };

/**
 * One training step: tfjs computes the batch's loss gradient with respect to the weights of the
 * buckets the batch uses (and the bias); Adagrad (Duchi, Hazan and Singer 2011), the usual optimiser
 * for sparse linear models, updates those weights only, in place. The L2 penalty acts on the same
 * weights ("lazy" regularisation: a bucket no text of the batch uses is left alone).
 */
function step(
  fitted: Fitted,
  squares: Float64Array,
  batch: { x: Float32Array; buckets: Int32Array },
  y: Float32Array,
  s: Settings,
): void {
  const u = batch.buckets.length;
  const wU = Float32Array.from(batch.buckets, (i) => fitted.weights[i]);
  const loss = (w: tf.Tensor, b: tf.Tensor) =>
    tf.add(
      tf.losses.sigmoidCrossEntropy(tf.tensor1d(y), logits(tf.tensor2d(batch.x, [y.length, u]), w, b)),
      tf.mul(s.l2, tf.sum(tf.square(w))),
    ) as tf.Scalar;
  const [gw, gb] = tf.tidy(() => {
    const { grads } = tf.valueAndGrads(loss)([tf.tensor1d(wU), tf.scalar(fitted.bias)]);
    return grads.map((g) => g.dataSync().slice());
  });
  for (let k = 0; k < u; k++) {
    const i = batch.buckets[k];
    squares[i] += gw[k] * gw[k];
    fitted.weights[i] -= (s.learningRate * gw[k]) / (Math.sqrt(squares[i]) + 1e-8);
  }
  squares[s.buckets + 1] += gb[0] * gb[0];
  fitted.bias -= (s.learningRate * gb[0]) / (Math.sqrt(squares[s.buckets + 1]) + 1e-8);
}

/**
 * Fits the weights on `train` for at most `epochs` epochs; with `validation`, stops after `patience`
 * epochs without a lower validation log loss and returns the best epoch's weights.
 */
async function fit(train: Rows, s: Settings, epochs: number, validation?: Rows): Promise<Fitted> {
  const random = mulberry32(s.seed);
  // Weights: one per bucket, then the lexicon score's; Adagrad's sums of squared gradients, then the bias's.
  const current: Fitted = { weights: new Float32Array(s.buckets + 1), bias: 0, epochs: 0 };
  const squares = new Float64Array(s.buckets + 2);
  let best: Fitted = { ...current, weights: current.weights.slice() };
  let bestLoss = Infinity;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = shuffled(train.labels.length, random);
    for (let from = 0; from < order.length; from += s.batchSize) {
      const to = Math.min(from + s.batchSize, order.length);
      const y = Float32Array.from(order.subarray(from, to), (r) => train.labels[r]);
      step(current, squares, batchMatrix(train, order, from, to), y, s);
    }
    current.epochs = epoch;
    const loss = validation ? logLoss(probabilities(current.weights, current.bias, validation), validation.labels) : 0;
    if (!validation || loss < bestLoss) [best, bestLoss] = [{ ...current, weights: current.weights.slice() }, loss];
    else if (epoch - best.epochs >= s.patience) break;
  }
  return best;
}

/** Runs `f` on tfjs's cpu backend and restores the backend that was active before. */
async function onCpu<T>(f: () => Promise<T>): Promise<T> {
  const previous = tf.getBackend();
  if (!(await tf.setBackend('cpu'))) throw new Error('the TensorFlow.js cpu backend failed to initialise');
  // Its first tensor prints a banner recommending tfjs-node to stderr: made here, in prod mode, it stays silent.
  const prod = tf.env().getBool('PROD');
  tf.env().set('PROD', true);
  tf.tensor1d([0]).dispose();
  tf.env().set('PROD', prod);
  try {
    return await f();
  } finally {
    if (previous && previous !== 'cpu') await tf.setBackend(previous);
  }
}

/** Expected calibration error: the count-weighted mean |predicted - observed| over 10 equal bins. */
export function expectedCalibrationError(labels: ArrayLike<number>, probs: ArrayLike<number>): number {
  return calibrationTable(labels, probs, 10).reduce(
    (sum, bin) => sum + (bin.count / labels.length) * Math.abs(bin.predicted - bin.observed),
    0,
  );
}

function holdoutQuality(fitted: Fitted, rows: Rows, texts: readonly string[]): Holdout {
  const p = probabilities(fitted.weights, fitted.bias, rows);
  const lexicon = Float64Array.from(texts, (t) => lexiconSentiment(t).score);
  return {
    n: rows.labels.length,
    positives: rows.labels.reduce((s, y) => s + y, 0),
    auc: rocAuc(rows.labels, p),
    ece: expectedCalibrationError(rows.labels, p),
    brier: brierScore(rows.labels, p),
    lexiconAuc: rocAuc(rows.labels, lexicon),
  };
}

function serialise(fitted: Fitted, s: Settings): SerialisedSentiment {
  const kept: number[] = [];
  fitted.weights.forEach((v, i) => v !== 0 && kept.push(i));
  const indices = Int32Array.from(kept);
  const weights = Float32Array.from(kept, (i) => fitted.weights[i]);
  return {
    format: 'hashed-logistic',
    tokenizer: TOKENIZER_VERSION,
    buckets: s.buckets,
    lexicon: s.lexicon,
    seed: s.seed,
    epochs: fitted.epochs,
    bias: fitted.bias,
    indices: Buffer.from(indices.buffer).toString('base64'),
    weights: Buffer.from(weights.buffer).toString('base64'),
  };
}

function tooFew(examples: number, positives: number, s: Settings): string | null {
  const negatives = examples - positives;
  if (examples < s.minExamples) return `${examples} labelled texts, fewer than ${s.minExamples}`;
  if (Math.min(positives, negatives) < s.minPerClass) {
    return `${positives} positive and ${negatives} negative texts, fewer than ${s.minPerClass} of one class`;
  }
  return null;
}

/** Trains the sentiment model on labelled texts and says whether to use it or the lexicon (see header). */
export async function trainSentiment(
  examples: readonly LabelledText[],
  options: TrainOptions,
): Promise<TrainedSentiment> {
  const s: Settings = { ...DEFAULTS, ...options };
  const positives = examples.filter((e) => e.positive).length;
  const base = { examples: examples.length, positives };
  const few = tooFew(examples.length, positives, s);
  if (few) return { ...base, use: 'lexicon', reason: few, holdout: null, model: null };
  const rows = featurise(examples, s.buckets, s.lexicon);
  const all = examples.map((_, i) => i);
  const held = all.filter((i) => inShare(examples[i], SPLIT_SEED, HOLDOUT_SHARE));
  const rest = all.filter((i) => !inShare(examples[i], SPLIT_SEED, HOLDOUT_SHARE));
  const valid = rest.filter((i) => inShare(examples[i], VALIDATION_SEED, VALIDATION_SHARE));
  const train = rest.filter((i) => !inShare(examples[i], VALIDATION_SEED, VALIDATION_SHARE));
  return onCpu(async () => {
    const fitted = await fit(subset(rows, train), s, s.maxEpochs, subset(rows, valid));
    const holdout = holdoutQuality(
      fitted,
      subset(rows, held),
      held.map((i) => examples[i].text),
    );
    const shipped = await fit(rows, s, Math.max(1, fitted.epochs));
    const model = serialise(shipped, s);
    if (!(holdout.positives > 0 && holdout.positives < holdout.n)) {
      return { ...base, use: 'lexicon', reason: 'the held-out part holds only one class', holdout, model };
    }
    const beats = holdout.auc > holdout.lexiconAuc;
    const auc = `held-out ROC-AUC ${holdout.auc.toFixed(3)} vs the lexicon's ${holdout.lexiconAuc.toFixed(3)}`;
    return { ...base, use: beats ? 'model' : 'lexicon', reason: beats ? auc : `${auc}: no better`, holdout, model };
  });
}

/** The same probabilities computed by the tfjs forward pass (cpu backend): the check on the plain scorer. */
export async function predictWithTf(model: SerialisedSentiment, texts: readonly string[]): Promise<Float32Array> {
  const rows = featurise(
    texts.map((text) => ({ text, positive: false })),
    model.buckets,
    model.lexicon,
  );
  const weights = decode(model);
  const batch = batchMatrix(
    rows,
    Int32Array.from(texts, (_, i) => i),
    0,
    texts.length,
  );
  return onCpu(async () =>
    tf.tidy(() => {
      const x = tf.tensor2d(batch.x, [texts.length, batch.buckets.length]);
      const w = tf.tensor1d(Float32Array.from(batch.buckets, (i) => weights[i]));
      return tf.sigmoid(logits(x, w, tf.scalar(model.bias))).dataSync() as Float32Array;
    }),
  );
}
