// Trains the multi-task network deterministically: our own seeded shuffle each epoch, one tensor per
// batch built from a subarray (on wasm, slicing a big tensor copies all of it), early stopping on the
// validation loss with the best epoch's weights restored.
//
// The training step is written out rather than `model.trainOnBatch` (forward pass on the layers'
// variables, dense gradients by hand, the loss and its gradient in plain JS, Adam in plain JS with
// tfjs's float32 arithmetic, adam.ts): on wasm a small batch's time goes mostly to per-op overhead and
// to transposed matMuls, and the step needs per-step dropout masks, which `tf.layers.dropout({seed})`
// cannot give (it reuses one mask).
import * as tf from '@tensorflow/tfjs';
import { Adam } from './adam.ts';
import { stepLoss, stepTargets, type StepTargets } from './loss.ts';
import { chunks, type Matrix } from './matrix.ts';
import { mulberry32 } from '../random.ts';
import { buildNetwork, initialiseHeadBias, OUTPUT_UNITS as OUTPUTS } from './model.ts';

export interface FitOptions {
  hiddenUnits: number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  l2: number;
  /** L2 strength that shrinks with the data: the penalty is (l2 + l2Rows / training rows) * sum(w^2). */
  l2Rows?: number;
  patience: number;
  valueLossWeight: number;
  /** Class weight of churners in the churn loss (1: unweighted; calibration undoes the shift it causes). */
  churnPositiveWeight?: number;
  /** Share of hidden units dropped in each training step (0: none); never applied at inference. */
  dropout?: number;
  /** Networks trained from seeds derived from `seed` and averaged into one (absent or 1: a single network; 'auto': see ensemble.ts). */
  members?: number | 'auto';
  /** Quantile bins of the piecewise-linear encoding added for each numeric input (0: none). */
  numericBins?: number;
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

/** Wall time of one epoch and its parts (not saved with the model: timings differ run to run). */
export interface EpochTiming {
  epoch: number;
  /** Which of the averaged networks (0-based; absent: the only one). */
  member?: number;
  /** From the epoch's start to its end: shuffle, batches, validation loss, early-stopping bookkeeping. */
  seconds: number;
  /** Training rows / seconds. */
  rowsPerSecond: number;
  /** CPU time of the process during the epoch (below `seconds` when other work takes the cores). */
  cpuSeconds: number;
  /** Drawing the epoch's row order (batches are gathered through it in `trainSeconds`). */
  shuffleSeconds: number;
  trainSeconds: number;
  validationSeconds: number;
  bookkeepingSeconds: number;
}

export interface FitResult {
  model: tf.LayersModel;
  history: EpochLog[];
  bestEpoch: number;
  /** Training rows per second over the epochs run (shuffle, batches and validation loss included). */
  rowsPerSecond: number;
  seconds: number;
  /** Each epoch's wall time and its parts. */
  epochs: EpochTiming[];
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
  const net = denseStack(model, options.hiddenUnits.length);
  const optimizer = new Adam(
    net.variables.map((v) => v.size),
    options.learningRate,
  );
  // The weights live in JS between steps (Adam updates them there) and are uploaded once per step.
  const weights = net.variables.map((v) => Float32Array.from(v.dataSync()));
  const dropout = options.dropout ?? 0;
  // A fixed prior spread over fewer rows weighs more per row: small logs get a stronger penalty.
  const l2 = options.l2 + (options.l2Rows ?? 0) / Math.max(train.rows, 1);
  const { valueLossWeight } = options;
  const targets = stepTargets(
    trainLabels.churned,
    trainLabels.value,
    valueLossWeight,
    options.churnPositiveWeight ?? 1,
  );
  const validTargets = stepTargets(
    validLabels.churned,
    validLabels.value,
    valueLossWeight,
    options.churnPositiveWeight ?? 1,
  );
  const random = mulberry32(options.seed);
  const order = Int32Array.from({ length: train.rows }, (_, i) => i);
  // One batch at a time is gathered through the shuffled order (rather than permuting the whole
  // matrix each epoch: a second copy of it, written and read again).
  const batch = batchBuffers(Math.min(options.batchSize, train.rows), train.cols);

  const history: EpochLog[] = [];
  const timings: EpochTiming[] = [];
  let best = { loss: Infinity, epoch: 0, weights: [] as Float32Array[] };
  const started = performance.now();
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const clock = lap();
    const cpu = process.cpuUsage();
    shuffleInPlace(order, random);
    const shuffleSeconds = clock();
    let lossSum = 0;
    let step = 0;
    for (const [start, end] of chunks(train.rows, options.batchSize)) {
      const rows = end - start;
      const { x: xb, xT: xTb, targets: tb } = gatherBatch(train, targets, order.subarray(start, end), batch);
      const masks =
        dropout > 0 ? dropoutMasks(rows, options.hiddenUnits, dropout, stepSeed(options.seed, epoch, step)) : null;
      const { cost, grads } = tf.tidy(() => {
        const x = tf.tensor2d(xb, [rows, train.cols]);
        const xT = tf.tensor2d(xTb, [train.cols, rows]);
        const m = masks?.map((mask, i) => tf.tensor2d(mask, [rows, options.hiddenUnits[i]]));
        const loss = jsLoss(tb, 0, rows, batch.grad);
        const { value, grads } = tf.variableGrads(
          () => tf.add(loss(forward(net, x, { xT, masks: m })), l2Penalty(net, l2)) as tf.Scalar,
          net.variables,
        );
        return { cost: value, grads: net.variables.map((v) => grads[v.name]) };
      });
      lossSum += cost.dataSync()[0] * rows;
      optimizer.apply(
        weights,
        grads.map((g) => g.dataSync()),
      );
      tf.dispose([cost, ...grads]);
      setVariables(net, weights);
      step++;
    }
    const trainSeconds = clock();
    const log = { epoch, loss: lossSum / train.rows, valLoss: evaluateLoss(net, valid, validTargets) };
    const validationSeconds = clock();
    history.push(log);
    onEpoch?.(log);
    const improved = log.valLoss < best.loss - 1e-6;
    if (improved) best = { loss: log.valLoss, epoch, weights: weights.map((w) => w.slice()) };
    const bookkeepingSeconds = clock();
    const seconds = shuffleSeconds + trainSeconds + validationSeconds + bookkeepingSeconds;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    timings.push({
      epoch,
      seconds,
      rowsPerSecond: train.rows / Math.max(seconds, 1e-9),
      cpuSeconds,
      shuffleSeconds,
      trainSeconds,
      validationSeconds,
      bookkeepingSeconds,
    });
    if (!improved && epoch - best.epoch >= options.patience) break;
  }
  const seconds = (performance.now() - started) / 1000;
  // No epoch improved only when every validation loss was NaN: keep the last weights then.
  if (best.weights.length) setVariables(net, best.weights);
  return {
    model,
    history,
    bestEpoch: best.epoch,
    seconds,
    rowsPerSecond: (train.rows * history.length) / Math.max(seconds, 1e-9),
    epochs: timings,
  };
}

/** A stopwatch: each call returns the seconds since the previous call (or since it was made). */
function lap(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const seconds = (now - last) / 1000;
    last = now;
    return seconds;
  };
}

/** The network's dense layers as variables: hidden layers (ReLU) then the linear heads. */
export interface DenseStack {
  hidden: { kernel: tf.Variable; bias: tf.Variable }[];
  heads: { kernel: tf.Variable; bias: tf.Variable };
  variables: tf.Variable[];
}

export function denseStack(model: tf.LayersModel, hiddenLayers: number): DenseStack {
  const vars = (name: string) => {
    const [kernel, bias] = model.getLayer(name).trainableWeights.map((w) => w.read() as tf.Variable);
    return { kernel, bias };
  };
  const hidden = Array.from({ length: hiddenLayers }, (_, i) => vars(`hidden_${i + 1}`));
  const heads = vars('heads');
  const variables = [...hidden, heads].flatMap((l) => [l.kernel, l.bias]);
  return { hidden, heads, variables };
}

/**
 * The layers model's computation (matmul + bias + ReLU, then the linear heads). For a training step,
 * `step` gives the input batch transposed (built in JS: cheaper than a transpose op) and the dropout
 * masks; the gradient is then written out (see denseGrad).
 */
export function forward(
  net: DenseStack,
  x: tf.Tensor2D,
  step?: { xT: tf.Tensor2D; masks?: tf.Tensor2D[] },
): tf.Tensor2D {
  if (!step) {
    let h = x;
    for (const { kernel, bias } of net.hidden)
      h = tf.fused.matMul({ a: h, b: kernel as tf.Tensor2D, bias, activation: 'relu' }) as tf.Tensor2D;
    return tf.fused.matMul({ a: h, b: net.heads.kernel as tf.Tensor2D, bias: net.heads.bias }) as tf.Tensor2D;
  }
  let h = inputLayer(x, step.xT)(net.hidden[0].kernel, net.hidden[0].bias) as tf.Tensor2D;
  net.hidden.forEach(({ kernel, bias }, i) => {
    if (i > 0) h = denseGrad(true)(h, kernel, bias) as tf.Tensor2D;
    if (step.masks) h = tf.mul(h, step.masks[i]) as tf.Tensor2D;
  });
  return denseGrad(false)(h, net.heads.kernel, net.heads.bias) as tf.Tensor2D;
}

/**
 * A dense layer with its gradient written out. tfjs's own gradient of matMul multiplies with
 * transposeA/transposeB, which the wasm backend runs on a slow generic path (bench/RESULTS.md), and
 * sums the bias gradient over axis 0 through a transpose; an explicit transpose first and a ones-row
 * product keep every step on the fast path.
 */
function denseGrad(relu: boolean) {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, w, b] = args as tf.Tensor2D[];
    const save = args[3] as tf.GradSaveFunc;
    const y = tf.fused.matMul({ a: x, b: w, bias: b, activation: relu ? 'relu' : 'linear' });
    save([x, w, y]);
    return {
      value: y,
      gradFunc: (dy, [xs, ws, ys]) => {
        const g = (relu ? tf.mul(dy, tf.step(ys)) : dy) as tf.Tensor2D;
        return [tf.matMul(g, tf.transpose(ws)), tf.matMul(tf.transpose(xs), g), biasGrad(g)];
      },
    };
  });
}

/** The first hidden layer: no gradient for the input batch (nothing needs it), and its transpose given. */
function inputLayer(x: tf.Tensor2D, xT: tf.Tensor2D) {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [w, b] = args as tf.Tensor2D[];
    const save = args[2] as tf.GradSaveFunc;
    const y = tf.fused.matMul({ a: x, b: w, bias: b, activation: 'relu' });
    // Saved, not just closed over: the engine keeps saved tensors alive until the backward pass.
    save([y, xT]);
    return {
      value: y,
      gradFunc: (dy, [ys, xTs]) => {
        const g = tf.mul(dy, tf.step(ys)) as tf.Tensor2D;
        return [tf.matMul(xTs, g), biasGrad(g)];
      },
    };
  });
}

/** Column sums of g as a product with a row of ones (a reduction over axis 0 transposes g first on wasm). */
function biasGrad(g: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(tf.matMul(tf.ones([1, g.shape[0]]), g), [g.shape[1]]);
}

/** The same penalty tf.regularizers.l2 puts on the hidden kernels in buildNetwork: l2 * sum(w^2). */
function l2Penalty(net: DenseStack, l2: number): tf.Scalar {
  if (l2 <= 0) return tf.scalar(0);
  return tf.mul(l2, tf.addN(net.hidden.map(({ kernel }) => tf.sum(tf.square(kernel))))) as tf.Scalar;
}

/** Copies JS weights (in `net.variables` order) into the layers' variables. */
function setVariables(net: DenseStack, weights: readonly Float32Array[]): void {
  tf.tidy(() => net.variables.forEach((v, i) => v.assign(tf.tensor(weights[i], v.shape))));
}

/**
 * Inverted dropout masks for one step: each hidden unit of each row is kept with probability
 * 1 - rate and scaled by 1 / (1 - rate), so inference needs no rescaling. The stream is seeded per
 * step, so masks differ between steps and runs with the same seed repeat exactly.
 */
export function dropoutMasks(rows: number, hiddenUnits: readonly number[], rate: number, seed: number): Float32Array[] {
  const random = mulberry32(seed);
  const keep = 1 - rate;
  const scale = 1 / keep;
  return hiddenUnits.map((units) => {
    const mask = new Float32Array(rows * units);
    for (let i = 0; i < mask.length; i++) mask[i] = random() < keep ? scale : 0;
    return mask;
  });
}

/** A seed for the step (epoch, batch) of a run seeded with `seed`: a hash, so nearby steps are unrelated. */
export function stepSeed(seed: number, epoch: number, batch: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ epoch ^ (h >>> 13), 0xc2b2ae35);
  h = Math.imul(h ^ batch ^ (h >>> 16), 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * The loss of rows [start, end) as a function of the network outputs, for tfjs's tape: the value and
 * the gradient come from stepLoss in plain JS (one read of the outputs instead of ~35 tensor ops).
 */
export function jsLoss(t: StepTargets, start: number, end: number, gradBuffer: Float32Array) {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const out = args[0] as tf.Tensor2D;
    const grad = gradBuffer.subarray(0, (end - start) * OUTPUTS);
    const value = tf.scalar(stepLoss(out.dataSync(), t, start, end, grad));
    return { value, gradFunc: (dy) => tf.mul(dy, tf.tensor2d(grad, out.shape)) };
  }) as (out: tf.Tensor2D) => tf.Scalar;
}

/** Reusable buffers for one training batch of at most `rows` rows. */
interface BatchBuffers {
  x: Float32Array;
  xT: Float32Array;
  targets: StepTargets;
  grad: Float32Array;
}

function batchBuffers(rows: number, cols: number): BatchBuffers {
  return {
    x: new Float32Array(rows * cols),
    xT: new Float32Array(rows * cols),
    targets: {
      labels: new Float32Array(2 * rows),
      weights: new Float32Array(2 * rows),
      logValue: new Float32Array(rows),
      positive: new Float32Array(rows),
    },
    grad: new Float32Array(rows * OUTPUTS),
  };
}

/** The rows `index` of the matrix (row-major and transposed) and their targets, into the buffers. */
function gatherBatch(
  m: Matrix,
  t: StepTargets,
  index: Int32Array,
  out: BatchBuffers,
): { x: Float32Array; xT: Float32Array; targets: StepTargets } {
  const rows = index.length;
  const { cols, data } = m;
  const tb = out.targets;
  for (let i = 0; i < rows; i++) {
    const r = index[i];
    const src = r * cols;
    const dst = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[src + j];
      out.x[dst + j] = v;
      out.xT[j * rows + i] = v;
    }
    tb.labels[2 * i] = t.labels[2 * r];
    tb.labels[2 * i + 1] = t.labels[2 * r + 1];
    tb.weights[2 * i] = t.weights[2 * r];
    tb.weights[2 * i + 1] = t.weights[2 * r + 1];
    tb.logValue[i] = t.logValue[r];
    tb.positive[i] = t.positive[r];
  }
  return { x: out.x.subarray(0, rows * cols), xT: out.xT.subarray(0, rows * cols), targets: tb };
}

/** Mean data loss on the validation rows (no L2 term: early stopping watches the fit, not the penalty). */
function evaluateLoss(net: DenseStack, valid: Matrix, targets: StepTargets): number {
  let sum = 0;
  for (const [start, end] of chunks(valid.rows, 8192)) {
    const out = tf.tidy(() =>
      forward(net, tf.tensor2d(valid.data.subarray(start * valid.cols, end * valid.cols), [end - start, valid.cols])),
    );
    sum += stepLoss(out.dataSync(), targets, start, end) * (end - start);
    out.dispose();
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

function shuffleInPlace(order: Int32Array, random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}
