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

export function stepTargets(churned: Float32Array, value: Float32Array, valueWeight: number, churnPositiveWeight = 1): StepTargets {
  const n = churned.length;
  const t: StepTargets = { labels: new Float32Array(2 * n), weights: new Float32Array(2 * n), logValue: new Float32Array(n), positive: new Float32Array(n) };
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
 * The same quantity as multiTaskLoss with fewer tensor ops (each op has a fixed cost that dominates
 * small batches on wasm): one cross-entropy over both logit columns, the lognormal density without
 * its terms that do not depend on the network (log x + log sqrt(2 pi); `constant` adds them back so
 * the value equals multiTaskLoss), and the gradient with respect to the 4 outputs written out:
 *   logits:     w (sigmoid(z) - label) / n
 *   location:   -v pos (log x - loc) / scale^2 / n
 *   scale (raw): v pos (1 / scale - (log x - loc)^2 / scale^3) sigmoid(raw) / n   (0 where clamped)
 */
export function stepLoss(
  out: tf.Tensor2D,
  t: { labels: tf.Tensor2D; weights: tf.Tensor2D; logValue: tf.Tensor2D; positive: tf.Tensor2D },
  valueWeight: number,
  constant: number,
): tf.Scalar {
  const n = out.shape[0];
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const y = args[0] as tf.Tensor2D;
    const save = args[1] as tf.GradSaveFunc;
    const z = tf.slice(y, [0, 0], [n, 2]);
    const ce = tf.add(tf.sub(tf.relu(z), tf.mul(z, t.labels)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
    const raw = tf.slice(y, [0, 3], [n, 1]);
    const softplus = tf.softplus(raw);
    const scale = tf.maximum(softplus, MIN_SCALE);
    const diff = tf.sub(t.logValue, tf.slice(y, [0, 2], [n, 1]));
    const zz = tf.div(diff, scale);
    const nll = tf.mul(t.positive, tf.add(tf.log(scale), tf.mul(0.5, tf.square(zz))));
    const total = tf.add(tf.sum(tf.mul(ce, t.weights)), tf.mul(tf.sum(nll), valueWeight));
    // Saved (not only closed over) so the engine keeps them for the backward pass.
    save([z, raw, softplus, scale, diff, t.labels, t.weights, t.positive]);
    return {
      value: tf.add(tf.div(total, n), constant) as tf.Scalar,
      gradFunc: (dy, saved) => {
        const [zs, raws, sp, sc, d, labels, weights, positive] = saved;
        const k = tf.div(dy, n);
        const dz = tf.mul(tf.mul(tf.sub(tf.sigmoid(zs), labels), weights), k);
        const vk = tf.mul(tf.mul(positive, valueWeight), k);
        const inv = tf.reciprocal(sc);
        const dLoc = tf.neg(tf.mul(vk, tf.mul(d, tf.square(inv))));
        const dScale = tf.mul(vk, tf.sub(inv, tf.mul(tf.square(d), tf.pow(inv, 3))));
        const dRaw = tf.mul(tf.mul(dScale, tf.sigmoid(raws)), tf.cast(tf.greaterEqual(sp, MIN_SCALE), 'float32'));
        return tf.concat([dz, dLoc, dRaw], 1);
      },
    };
  });
  return f(out) as tf.Scalar;
}

/** The network-independent part of the batch's ZILN loss (see stepLoss), rows [start, end). */
export function stepLossConstant(t: StepTargets, start: number, end: number, valueWeight: number): number {
  let sum = 0;
  for (let i = start; i < end; i++) if (t.positive[i]) sum += t.logValue[i] + HALF_LOG_2PI;
  return (valueWeight * sum) / Math.max(end - start, 1);
}
