// What makes the network robust on small logs (docs/model-card.md, "Why the network lost on small real
// logs"): several seeds averaged into one saved network, the piecewise-linear encoding of numeric
// inputs, and an L2 penalty that grows as the training rows shrink.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../models/churn-clv/backend.ts';
import { networkProblem as problem } from './helpers/network-problem.ts';
import { ChurnClvModel } from '../models/churn-clv/churn-clv-model.ts';
import { fitEnsemble, memberSeed, mergeMembers, resolveMembers } from '../models/churn-clv/ensemble.ts';
import { fitNetwork, type FitOptions } from '../models/churn-clv/fit.ts';
import { mulberry32 } from '../models/random.ts';
import { predictNetwork } from '../models/churn-clv/predict.ts';
import {
  encodePiecewise,
  fitPreprocessor,
  inputNames,
  quantileEdges,
  transform,
} from '../models/churn-clv/preprocess.ts';

let dir: string;
beforeAll(async () => {
  await initBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'network-robust-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options: FitOptions = {
  hiddenUnits: [8, 4],
  epochs: 3,
  batchSize: 64,
  learningRate: 0.01,
  l2: 1e-4,
  patience: 10,
  valueLossWeight: 0.5,
  seed: 5,
};
const weightsOf = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));
const rawOutputs = (model: tf.LayersModel, x: { data: Float32Array; rows: number; cols: number }) =>
  tf.tidy(() =>
    Array.from((model.predict(tf.tensor2d(x.data, [x.rows, x.cols]), { batchSize: x.rows }) as tf.Tensor).dataSync()),
  );

describe('seed averaging', () => {
  it("'auto' averages 5 networks on small data, fewer on more rows, one from 200,000 rows; a number is taken as is", () => {
    expect(resolveMembers('auto', 3000)).toBe(5);
    expect(resolveMembers('auto', 60_000)).toBe(3);
    expect(resolveMembers('auto', 200_000)).toBe(1);
    expect(resolveMembers('auto', 1_000_000)).toBe(1);
    expect(resolveMembers(undefined, 3000)).toBe(1);
    expect(resolveMembers(2, 1_000_000)).toBe(2);
  });

  it('member seeds: the first is the config seed, the others differ from it and from each other', () => {
    const seeds = [0, 1, 2, 3, 4].map((k) => memberSeed(42, k));
    expect(seeds[0]).toBe(42);
    expect(new Set(seeds).size).toBe(5);
    expect(seeds.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 31)).toBe(true);
  });

  it('the merged network outputs the mean of its members’ raw outputs', async () => {
    const { x, labels } = problem(300, 5, 1);
    const members = await Promise.all([3, 4, 5].map((seed) => fitNetwork(x, labels, x, labels, { ...options, seed })));
    const merged = mergeMembers(
      members.map((m) => m.model),
      x.cols,
      options.hiddenUnits,
    );
    const outs = members.map((m) => rawOutputs(m.model, x));
    const mean = outs[0].map((_, k) => (outs[0][k] + outs[1][k] + outs[2][k]) / 3);
    rawOutputs(merged, x).forEach((v, k) => expect(v).toBeCloseTo(mean[k], 5));
    for (const m of members) m.model.dispose();
    merged.dispose();
  });

  it('same data and seed give bitwise the same averaged weights; another seed does not', async () => {
    const { x, labels } = problem(400, 5, 2);
    const valid = problem(150, 5, 3);
    const fit = (seed: number) => fitEnsemble(3, x, labels, valid.x, valid.labels, { ...options, seed });
    const [a, b, c] = [await fit(7), await fit(7), await fit(8)];
    expect(weightsOf(b.model)).toEqual(weightsOf(a.model));
    expect(weightsOf(c.model)).not.toEqual(weightsOf(a.model));
    expect(a.members.map((m) => m.seed)).toEqual([0, 1, 2].map((k) => memberSeed(7, k)));
    expect(new Set(a.epochs.map((e) => e.member))).toEqual(new Set([0, 1, 2]));
    for (const r of [a, b, c]) r.model.dispose();
  });
});

describe('piecewise-linear encoding', () => {
  it('quantile edges: distinct, tied quantiles (a pile of zeros) collapse, on the log1p scale when asked', () => {
    const column = [0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5];
    // Sorted positions 0, 3, 5, 8, 10: the three zeros become one edge.
    expect(quantileEdges(column, false, 4)).toEqual([0, 3, 5]);
    expect(quantileEdges([0, 1, 2, 3, 4], true, 2)).toEqual([0, Math.log1p(2), Math.log1p(4)]);
    expect(quantileEdges([7, 7, 7], false, 4)).toEqual([7]);
  });

  it('component t is 0 below edge t-1, 1 above edge t, linear in between', () => {
    const out = new Float32Array(3);
    const encode = (v: number) => (encodePiecewise(v, [0, 1, 3, 5], out, 0), Array.from(out));
    expect(encode(-2)).toEqual([0, 0, 0]);
    expect(encode(0.5)).toEqual([0.5, 0, 0]);
    expect(encode(2)).toEqual([1, 0.5, 0]);
    expect(encode(9)).toEqual([1, 1, 1]);
  });

  it('adds the components after the one-hot inputs, named like them; without bins the inputs are as before', () => {
    const data = {
      numeric: { a: [0, 1, 2, 3, 4], b: [5, 5, 5, 5, 5] },
      categorical: { plan: ['x', 'y', 'x', 'y', 'x'] },
    };
    const specs = [
      { name: 'a', log: false },
      { name: 'b', log: false },
    ];
    const plain = fitPreprocessor(data, specs, ['plan']);
    expect(inputNames(plain)).toEqual(['a', 'b', 'plan=x', 'plan=y']);
    const pre = fitPreprocessor(data, specs, ['plan'], 2);
    // A constant column has one edge: no component.
    expect(inputNames(pre)).toEqual(['a', 'b', 'plan=x', 'plan=y', 'a=bin1', 'a=bin2']);
    const x = transform(pre, data, 5);
    expect(Array.from(x.subarray(4 * 6 + 4, 4 * 6 + 6))).toEqual([1, 1]);
    expect(Array.from(x.subarray(1 * 6 + 4, 1 * 6 + 6))).toEqual([0.5, 0]);
    expect(Array.from(transform(plain, data, 5))).toEqual(Array.from(x).filter((_, k) => k % 6 < 4));
  });

  it('the edges are saved with the model: a loaded model encodes and predicts identically', async () => {
    const random = mulberry32(4);
    const rows = 400;
    const numeric = {
      spend: Float64Array.from({ length: rows }, () => (random() < 0.4 ? 0 : Math.exp(4 * random()))),
      days: Float64Array.from({ length: rows }, () => 300 * random()),
    };
    const churned = Float32Array.from(numeric.days, (d) => (random() < d / 300 ? 1 : 0));
    const value = Float32Array.from(numeric.spend, (s) => (random() < 0.5 ? s : 0));
    const set = {
      rows,
      numeric,
      categorical: { plan: Array.from({ length: rows }, (_, i) => (i % 3 ? 'a' : 'b')) },
      labels: { churned, value },
    };
    const specs = {
      numeric: [
        { name: 'spend', log: true },
        { name: 'days', log: false },
      ],
      categorical: ['plan'],
    };
    const model = await ChurnClvModel.train(set, set, specs, { ...options, members: 2, numericBins: 4 });
    expect(model.metadata.preprocessor.numeric.every((c) => (c.edges?.length ?? 0) > 2)).toBe(true);
    await model.save(join(dir, 'ple'));
    const loaded = await ChurnClvModel.load(join(dir, 'ple'));
    expect(loaded.metadata.preprocessor).toEqual(model.metadata.preprocessor);
    expect(loaded.metadata.members?.length).toBe(2);
    const [p, q] = [model.predict(set, rows), loaded.predict(set, rows)];
    expect(Array.from(q.churnProb)).toEqual(Array.from(p.churnProb));
    expect(Array.from(q.value)).toEqual(Array.from(p.value));
    model.dispose();
    loaded.dispose();
  });
});

describe('L2 that scales with the rows', () => {
  it('l2Rows r on N rows trains exactly as l2 + r / N, and differs from l2 alone', async () => {
    const { x, labels } = problem(500, 5, 6);
    const fit = (o: Partial<FitOptions>) => fitNetwork(x, labels, x, labels, { ...options, ...o });
    const scaled = await fit({ l2: 0, l2Rows: 5 });
    const fixed = await fit({ l2: 5 / 500 });
    const none = await fit({ l2: 0 });
    expect(weightsOf(scaled.model)).toEqual(weightsOf(fixed.model));
    expect(weightsOf(scaled.model)).not.toEqual(weightsOf(none.model));
    for (const r of [scaled, fixed, none]) r.model.dispose();
  });
});

describe('prediction', () => {
  it('a merged network predicts through predictNetwork like any other', async () => {
    const { x, labels } = problem(200, 4, 9);
    const r = await fitEnsemble(2, x, labels, x, labels, options);
    const p = predictNetwork(r.model, x);
    expect(p.churnProb.every((v) => v > 0 && v < 1)).toBe(true);
    expect(p.value.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
    r.model.dispose();
  });
});

describe('preprocessor range', () => {
  it('clamps a numeric input to its training range: a snapshot with more history is not extrapolated', () => {
    const train = { numeric: { tenure: Float64Array.from([10, 20, 30, 40]) }, categorical: {} };
    const pre = fitPreprocessor(train, [{ name: 'tenure', log: false }], []);
    expect(pre.numeric[0].min).toBe(10);
    expect(pre.numeric[0].max).toBe(40);
    const scored = { numeric: { tenure: Float64Array.from([5, 25, 400]) }, categorical: {} };
    const x = transform(pre, scored, 3);
    const atTrain = transform(pre, { numeric: { tenure: Float64Array.from([10, 25, 40]) }, categorical: {} }, 3);
    expect(Array.from(x)).toEqual(Array.from(atTrain));
    // A preprocessor saved before the range existed transforms as it did.
    const { min: _min, max: _max, ...old } = pre.numeric[0];
    const unclamped = transform({ ...pre, numeric: [old] }, scored, 3);
    expect(unclamped[2]).toBeGreaterThan(x[2]);
  });
});
