// Multi-task loss over the model's 4 output columns [churnLogit, valueLogit, valueLoc, valueScaleRaw]
// against targets [churned, value, 0, 0] (tfjs-layers wants target shape == output shape).
//   churn: binary cross-entropy on the logit;
//   value: zero-inflated lognormal negative log-likelihood (Wang, Liu and Miao 2019): a Bernoulli
//          "buys at all" term plus the lognormal density of the amount for those who buy.
import * as tf from '@tensorflow/tfjs';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
export const MIN_SCALE = 1e-3;

/** `churnPositiveWeight` weighs churners' cross-entropy terms (class weighting); 1 = unweighted. */
export function multiTaskLoss(valueWeight: number, churnPositiveWeight = 1) {
  return (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar =>
    tf.tidy(() => {
      const [churn, value] = tf.split(yTrue, [1, 1, 2], 1);
      const [churnLogit, valueLogit, loc, scaleRaw] = tf.split(yPred, 4, 1);
      // Weighted mean over the batch (every weight is non-zero, so the default reduction divides by n).
      const churnLoss =
        churnPositiveWeight === 1
          ? tf.losses.sigmoidCrossEntropy(churn, churnLogit)
          : tf.losses.sigmoidCrossEntropy(churn, churnLogit, tf.add(1, tf.mul(churn, churnPositiveWeight - 1)));
      return tf.add(churnLoss, tf.mul(zilnLoss(value, valueLogit, loc, scaleRaw), valueWeight)) as tf.Scalar;
    });
}

/** Mean ZILN negative log-likelihood; labels are non-negative amounts. */
export function zilnLoss(labels: tf.Tensor, logit: tf.Tensor, loc: tf.Tensor, scaleRaw: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const positive = tf.cast(tf.greater(labels, 0), 'float32');
    const classification = tf.losses.sigmoidCrossEntropy(positive, logit);
    const scale = tf.maximum(tf.softplus(scaleRaw), MIN_SCALE);
    // log 1 = 0 for non-buyers, whose density term is masked out anyway.
    const safe = tf.add(tf.mul(positive, labels), tf.sub(1, positive));
    const logX = tf.log(safe);
    const z = tf.div(tf.sub(logX, loc), scale);
    const logProb = tf.neg(tf.add(tf.add(tf.add(logX, tf.log(scale)), HALF_LOG_2PI), tf.mul(0.5, tf.square(z))));
    const regression = tf.neg(tf.mean(tf.mul(positive, logProb)));
    return tf.add(classification, regression) as tf.Scalar;
  });
}

/** Expected value under the ZILN head: P(buy) * E[lognormal] = sigmoid(logit) * exp(loc + scale^2 / 2). */
export function zilnExpectedValue(logit: number, loc: number, scaleRaw: number): number {
  const p = 1 / (1 + Math.exp(-logit));
  const scale = Math.max(softplus(scaleRaw), MIN_SCALE);
  return p * Math.exp(loc + 0.5 * scale * scale);
}

export function softplus(x: number): number {
  return x > 30 ? x : Math.log1p(Math.exp(x));
}

export function softplusInverse(y: number): number {
  return y > 30 ? y : Math.log(Math.expm1(y));
}

/**
 * Training-step targets, computed once per row instead of in every step: the two Bernoulli labels
 * [churned, buys], their weights [churn class weight, value loss weight], log amount (0 for
 * non-buyers) and the buyer flag.
 */
export interface StepTargets {
  labels: Float32Array;
  weights: Float32Array;
  logValue: Float32Array;
  positive: Float32Array;
}

export function stepTargets(
  churned: Float32Array,
  value: Float32Array,
  valueWeight: number,
  churnPositiveWeight = 1,
): StepTargets {
  const n = churned.length;
  const t: StepTargets = {
    labels: new Float32Array(2 * n),
    weights: new Float32Array(2 * n),
    logValue: new Float32Array(n),
    positive: new Float32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const buys = value[i] > 0 ? 1 : 0;
    t.labels[2 * i] = churned[i];
    t.labels[2 * i + 1] = buys;
    t.weights[2 * i] = 1 + churned[i] * (churnPositiveWeight - 1);
    t.weights[2 * i + 1] = valueWeight;
    t.logValue[i] = buys ? Math.log(value[i]) : 0;
    t.positive[i] = buys;
  }
  return t;
}

/**
 * The multi-task loss of rows [start, end) of `t` for the network outputs `out` (row-major, 4 per
 * row), computed in plain JS, and its gradient with respect to the outputs written into `grad`.
 * Equal to multiTaskLoss; done outside tfjs because on small batches the ~35 tensor ops of the loss
 * and its gradient cost more in per-op overhead than the arithmetic (4 numbers a row). Per row,
 * divided by the row count n:
 *   logits:      w (sigmoid(z) - label)
 *   location:    -v pos (log x - loc) / scale^2
 *   scale (raw): v pos (1 / scale - (log x - loc)^2 / scale^3) sigmoid(raw)   (0 where clamped)
 */
export function stepLoss(
  out: ArrayLike<number>,
  t: StepTargets,
  start: number,
  end: number,
  grad?: Float32Array,
): number {
  const n = end - start;
  let total = 0;
  for (let k = 0; k < n; k++) {
    const i = start + k;
    const o = k * 4;
    const z0 = out[o];
    const z1 = out[o + 1];
    const wChurn = t.weights[2 * i];
    const v = t.weights[2 * i + 1];
    total += wChurn * crossEntropy(z0, t.labels[2 * i]) + v * crossEntropy(z1, t.labels[2 * i + 1]);
    let gLoc = 0;
    let gRaw = 0;
    if (t.positive[i]) {
      const raw = out[o + 3];
      const sp = softplus(raw);
      const scale = Math.max(sp, MIN_SCALE);
      const d = t.logValue[i] - out[o + 2];
      total += v * (t.logValue[i] + Math.log(scale) + HALF_LOG_2PI + (0.5 * d * d) / (scale * scale));
      gLoc = (-v * d) / (scale * scale);
      gRaw = sp >= MIN_SCALE ? v * (1 / scale - (d * d) / (scale * scale * scale)) * sigmoid(raw) : 0;
    }
    if (grad) {
      grad[o] = (wChurn * (sigmoid(z0) - t.labels[2 * i])) / n;
      grad[o + 1] = (v * (sigmoid(z1) - t.labels[2 * i + 1])) / n;
      grad[o + 2] = gLoc / n;
      grad[o + 3] = gRaw / n;
    }
  }
  return total / Math.max(n, 1);
}

/** Binary cross-entropy of a logit, in the overflow-safe form tfjs uses. */
function crossEntropy(z: number, label: number): number {
  return Math.max(z, 0) - z * label + Math.log1p(Math.exp(-Math.abs(z)));
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
