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
