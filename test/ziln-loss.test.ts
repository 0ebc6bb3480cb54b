// The zero-inflated lognormal loss in tfjs against the formula evaluated by hand in plain JS.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../models/churn-clv/backend.ts';
import { multiTaskLoss, softplus, zilnExpectedValue, zilnLoss } from '../models/churn-clv/loss.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

function reference(labels: number[], logit: number[], loc: number[], scaleRaw: number[]): number {
  let cls = 0;
  let reg = 0;
  labels.forEach((y, i) => {
    const p = 1 / (1 + Math.exp(-logit[i]));
    const positive = y > 0 ? 1 : 0;
    cls += -(positive * Math.log(p) + (1 - positive) * Math.log(1 - p));
    if (positive) {
      const s = softplus(scaleRaw[i]);
      const lx = Math.log(y);
      reg += -(-lx - Math.log(s) - 0.5 * Math.log(2 * Math.PI) - (lx - loc[i]) ** 2 / (2 * s * s));
    }
  });
  return cls / labels.length + reg / labels.length;
}

describe('ZILN loss', () => {
  it('matches the hand formula on buyers and non-buyers', () => {
    const labels = [0, 12.5, 3, 0, 250];
    const logit = [-1, 0.5, 2, 0.1, 1.5];
    const loc = [0, 2.5, 1, 3, 5];
    const scaleRaw = [0.2, 0.7, -0.3, 1, 0.4];
    const col = (v: number[]) => tf.tensor2d(v, [v.length, 1]);
    const loss = zilnLoss(col(labels), col(logit), col(loc), col(scaleRaw)).dataSync()[0];
    expect(loss).toBeCloseTo(reference(labels, logit, loc, scaleRaw), 4);
  });

  it('expected value is P(buy) times the lognormal mean', () => {
    const s = softplus(0.4);
    expect(zilnExpectedValue(0, 2, 0.4)).toBeCloseTo(0.5 * Math.exp(2 + (s * s) / 2), 10);
  });
});

describe('class-weighted churn loss', () => {
  it('weighs churners by churnPositiveWeight in the batch mean', () => {
    // Value weight 0 leaves the churn cross-entropy only. Rows: churned (logit 0.3), stayed (logit -1).
    const yTrue = tf.tensor2d([
      [1, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    const yPred = tf.tensor2d([
      [0.3, 0, 0, 0],
      [-1, 0, 0, 0],
    ]);
    const ce = (y: number, z: number) =>
      -(y * Math.log(1 / (1 + Math.exp(-z))) + (1 - y) * Math.log(1 - 1 / (1 + Math.exp(-z))));
    expect(multiTaskLoss(0)(yTrue, yPred).dataSync()[0]).toBeCloseTo((ce(1, 0.3) + ce(0, -1)) / 2, 5);
    expect(multiTaskLoss(0, 3)(yTrue, yPred).dataSync()[0]).toBeCloseTo((3 * ce(1, 0.3) + ce(0, -1)) / 2, 5);
  });
});
