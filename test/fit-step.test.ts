// The hand-written training step: its gradients equal tfjs's automatic ones, its loss equals the
// multi-task loss the model is compiled with, and dropout is seeded per step (same seed, same weights;
// masks change from step to step) and absent at inference.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../models/churn-clv/backend.ts';
import { networkProblem as problem } from './helpers/network-problem.ts';
import {
  denseStack,
  dropoutMasks,
  fitNetwork,
  forward,
  jsLoss,
  stepSeed,
  type FitOptions,
} from '../models/churn-clv/fit.ts';
import { mulberry32 } from '../models/random.ts';
import { multiTaskLoss, stepLoss, stepTargets } from '../models/churn-clv/loss.ts';
import { buildNetwork } from '../models/churn-clv/model.ts';
import { predictNetwork } from '../models/churn-clv/predict.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const options: FitOptions = {
  hiddenUnits: [16, 8],
  epochs: 3,
  batchSize: 64,
  learningRate: 0.01,
  l2: 1e-4,
  patience: 10,
  valueLossWeight: 0.7,
  churnPositiveWeight: 2.5,
  seed: 5,
};

/** Targets as the compiled loss takes them: [churned, value, 0, 0] per row. */
const targetTensor = (labels: { churned: Float32Array; value: Float32Array }) =>
  tf.tensor2d(
    Float32Array.from({ length: labels.churned.length * 4 }, (_, k) =>
      k % 4 === 0 ? labels.churned[k / 4] : k % 4 === 1 ? labels.value[(k - 1) / 4] : 0,
    ),
    [labels.churned.length, 4],
  );

const weightsOf = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));

describe('training step', () => {
  it('stepLoss (plain JS) equals the compiled multi-task loss, and its gradient equals tfjs autodiff of it', () => {
    const { labels } = problem(50, 3, 1);
    const targets = stepTargets(labels.churned, labels.value, 0.7, 2.5);
    const random = mulberry32(2);
    const out = tf.tensor2d(
      Float32Array.from({ length: 50 * 4 }, () => random() * 4 - 2),
      [50, 4],
    );
    const yTrue = targetTensor(labels);
    const expected = tf
      .grad((o: tf.Tensor) => multiTaskLoss(0.7, 2.5)(yTrue, o))(out)
      .dataSync();
    const grad = new Float32Array(50 * 4);
    const loss = stepLoss(out.dataSync(), targets, 0, 50, grad);
    expect(loss).toBeCloseTo(multiTaskLoss(0.7, 2.5)(yTrue, out).dataSync()[0], 4);
    // float32 tfjs against float64 JS: compare relative to the size of each value.
    grad.forEach((g, k) => expect(Math.abs(g - expected[k])).toBeLessThan(1e-5 * Math.max(1, Math.abs(expected[k]))));
  });

  it('hand-written gradients (dense layers and loss) equal tfjs automatic differentiation of the compiled loss', () => {
    const { x, labels } = problem(40, 5, 3);
    const model = buildNetwork({ inputDim: 5, ...options });
    const net = denseStack(model, options.hiddenUnits.length);
    const targets = stepTargets(labels.churned, labels.value, 0.7, 2.5);
    const xs = tf.tensor2d(x.data, [40, 5]);
    const yTrue = targetTensor(labels);
    const xT = tf.transpose(xs);
    const loss = jsLoss(targets, 0, 40, new Float32Array(40 * 4));
    const hand = tf.variableGrads(() => loss(forward(net, xs, { xT })), net.variables);
    // The compiled loss through tfjs's own ops and the layers model, differentiated by tfjs.
    const auto = tf.variableGrads(() => multiTaskLoss(0.7, 2.5)(yTrue, model.apply(xs) as tf.Tensor), net.variables);
    expect(hand.value.dataSync()[0]).toBeCloseTo(auto.value.dataSync()[0], 4);
    for (const v of net.variables) {
      const a = Array.from(hand.grads[v.name].dataSync());
      const b = Array.from(auto.grads[v.name].dataSync());
      expect(a.length).toBe(b.length);
      a.forEach((g, k) => expect(g).toBeCloseTo(b[k], 5));
    }
    model.dispose();
  });
});

describe('seeded dropout', () => {
  it('masks repeat for the same step seed, differ between steps, and keep 1 - rate of units scaled by 1 / (1 - rate)', () => {
    const a = dropoutMasks(256, [32, 16], 0.25, stepSeed(42, 1, 0));
    const again = dropoutMasks(256, [32, 16], 0.25, stepSeed(42, 1, 0));
    const nextBatch = dropoutMasks(256, [32, 16], 0.25, stepSeed(42, 1, 1));
    const nextEpoch = dropoutMasks(256, [32, 16], 0.25, stepSeed(42, 2, 0));
    expect(Array.from(again[0])).toEqual(Array.from(a[0]));
    expect(Array.from(nextBatch[0])).not.toEqual(Array.from(a[0]));
    expect(Array.from(nextEpoch[0])).not.toEqual(Array.from(a[0]));
    const values = new Set(a.flatMap((m) => Array.from(m)));
    expect([...values].sort()).toEqual([0, Math.fround(1 / 0.75)].sort());
    const kept = a[0].reduce((n, v) => n + (v > 0 ? 1 : 0), 0) / a[0].length;
    expect(kept).toBeGreaterThan(0.72);
    expect(kept).toBeLessThan(0.78);
  });

  it('same seed gives the same weights; dropout changes the weights; prediction has no dropout', async () => {
    const { x, labels } = problem(600, 6, 9);
    const valid = problem(200, 6, 10);
    const fit = (o: Partial<FitOptions>) => fitNetwork(x, labels, valid.x, valid.labels, { ...options, ...o });
    const first = await fit({ dropout: 0.3 });
    const second = await fit({ dropout: 0.3 });
    const none = await fit({ dropout: 0 });
    expect(weightsOf(second.model)).toEqual(weightsOf(first.model));
    expect(weightsOf(none.model)).not.toEqual(weightsOf(first.model));
    // Inference: the saved network has no dropout layer, and repeated predictions are identical.
    expect(first.model.layers.map((l) => l.getClassName())).not.toContain('Dropout');
    const p1 = predictNetwork(first.model, valid.x);
    const p2 = predictNetwork(first.model, valid.x);
    expect(Array.from(p2.churnProb)).toEqual(Array.from(p1.churnProb));
    // The training-time forward pass without masks is the model's own prediction.
    const net = denseStack(first.model, options.hiddenUnits.length);
    const logits = tf.tidy(() => forward(net, tf.tensor2d(valid.x.data, [200, 6])).dataSync());
    p1.churnProb.forEach((p, i) => expect(p).toBeCloseTo(1 / (1 + Math.exp(-logits[i * 4])), 6));
    expect(first.rowsPerSecond).toBeGreaterThan(0);
    for (const r of [first, second, none]) r.model.dispose();
  });
});
