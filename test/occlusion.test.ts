// Occlusion attributions computed incrementally equal re-scoring the occluded rows in full: the
// boosted trees re-walking only the trees whose path meets a group (models/gbdt/occlusion.ts), and
// the shipped churn stack of network, logistic, trees and BG/NBD built on them
// (models/ensemble/shipped-attribution.ts).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { occlusionAttributionOf } from '../models/churn-clv/attribution.ts';
import { initBackend } from '../models/churn-clv/backend.ts';
import { ChurnClvModel, type ModelMetadata } from '../models/churn-clv/churn-clv-model.ts';
import { mulberry32 } from '../models/random.ts';
import type { Matrix } from '../models/churn-clv/matrix.ts';
import { predictExplained } from '../models/ensemble/shipped-attribution.ts';
import { HEADS_FORMAT, ShippedModel, type BtydColumns } from '../models/ensemble/shipped.ts';
import { fitLogistic } from '../models/eval/logistic.ts';
import { fitGbdt, predictGbdtRaw, type GbdtModel } from '../models/gbdt/index.ts';
import { predictGbdtOccluded } from '../models/gbdt/occlusion.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const ROWS = 600;
const COLS = 6;
/** The trees and the linear member read the first 4 columns; 4 and 5 stand for the network's extra encodings. */
const INPUTS = 4;
// Groups as driver groups come: one column, two, one beyond the trees' inputs mixed in, none, and
// one that the trees do not read at all.
const GROUPS = [[0], [1, 2], [3, 5], [], [4]];
const REFERENCE = [0.1, -0.2, 0.3, 0.05, 0.7, -0.4];

/** Uniform(-1, 1) inputs with some NaN in column 2; churn depends on columns 0 to 3 nonlinearly. */
function data(seed: number): { x: Matrix; y: Float64Array } {
  const random = mulberry32(seed);
  const x = new Float32Array(ROWS * COLS);
  const y = new Float64Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    for (let j = 0; j < COLS; j++) x[i * COLS + j] = 2 * random() - 1;
    if (i % 13 === 0) x[i * COLS + 2] = NaN;
    const r = x.subarray(i * COLS, (i + 1) * COLS);
    const p = r[0] > 0.2 !== r[1] < 0 ? 0.8 : 0.2 + 0.3 * Math.max(r[3], 0) + (r[2] > 0.5 ? 0.1 : 0);
    y[i] = random() < p ? 1 : 0;
  }
  return { x: { data: x, rows: ROWS, cols: COLS }, y };
}

function leading(x: Matrix): Float32Array {
  const out = new Float32Array(x.rows * INPUTS);
  for (let i = 0; i < x.rows; i++) out.set(x.data.subarray(i * COLS, i * COLS + INPUTS), i * INPUTS);
  return out;
}

/** Rows marked at random, about half of them, per group. */
function masks(seed: number): Uint8Array[] {
  const random = mulberry32(seed);
  return GROUPS.map(() => Uint8Array.from({ length: ROWS }, () => (random() < 0.5 ? 1 : 0)));
}

function fitTrees(x: Matrix, y: Float64Array): GbdtModel {
  return fitGbdt(leading(x), x.rows, INPUTS, y, {
    loss: 'logistic',
    maxRounds: 40,
    maxLeafNodes: 8,
    minSamplesLeaf: 10,
  });
}

describe('boosted trees under occlusion', () => {
  it('gives every occluded row the score of walking all trees on the occluded row, and the same unoccluded scores', () => {
    const { x, y } = data(1);
    const model = fitTrees(x, y);
    const inputs = leading(x);
    const only = masks(2);
    const { raw, occluded } = predictGbdtOccluded(model, inputs, ROWS, INPUTS, REFERENCE, GROUPS, only);
    expect(raw).toEqual(predictGbdtRaw(model, inputs, ROWS, INPUTS));
    let changed = 0;
    GROUPS.forEach((columns, g) => {
      const rows = only[g].reduce((n, m) => n + m, 0);
      const full = Float32Array.from(inputs);
      for (let i = 0; i < ROWS; i++) for (const j of columns) if (j < INPUTS) full[i * INPUTS + j] = REFERENCE[j];
      const expected = predictGbdtRaw(model, full, ROWS, INPUTS);
      for (let i = 0; i < ROWS; i++) {
        if (!only[g][i]) {
          expect(occluded[g][i]).toBeNaN();
          continue;
        }
        expect(Math.abs(occluded[g][i] - expected[i])).toBeLessThan(1e-12);
        if (Math.abs(expected[i] - raw[i]) > 1e-6) changed++;
      }
      expect(rows).toBeGreaterThan(200);
    });
    // Not a vacuous check: occluding moves many rows' scores.
    expect(changed).toBeGreaterThan(500);
  });

  it('takes the reference as the float32 occluded rows hold it, also a hair from a split', () => {
    const { x, y } = data(7);
    const model = fitTrees(x, y);
    const inputs = leading(x);
    // A reference on one side of a split on column 0 whose float32 rounding lies on the other side
    // (an edge, the midpoint of two float32 values, may itself round away from where it goes).
    const tree = model.trees.find((t) => t.feature[0] === 0)!;
    const t = model.edges[0][tree.bin[0]];
    const near = Array.from({ length: 401 }, (_, k) => t + (k - 200) * Math.abs(t) * 1e-9);
    const hair = near.find((v) => v > t !== Math.fround(v) > t)!;
    expect(hair).toBeDefined();
    const reference = [hair, ...REFERENCE.slice(1)];
    const { occluded } = predictGbdtOccluded(model, inputs, ROWS, INPUTS, reference, [[0]]);
    const full = Float32Array.from(inputs);
    for (let i = 0; i < ROWS; i++) full[i * INPUTS] = hair;
    const expected = predictGbdtRaw(model, full, ROWS, INPUTS);
    for (let i = 0; i < ROWS; i++) expect(Math.abs(occluded[0][i] - expected[i])).toBeLessThan(1e-12);
  });

  it('scores every row when no rows are singled out', () => {
    const { x, y } = data(3);
    const model = fitTrees(x, y);
    const { occluded } = predictGbdtOccluded(model, leading(x), ROWS, INPUTS, REFERENCE, GROUPS);
    for (const scores of occluded) expect(scores.every((v) => Number.isFinite(v))).toBe(true);
  });
});

describe('attributions of a shipped churn stack', () => {
  it('equal re-scoring every member on the occluded rows, with the same churn probabilities and values', () => {
    const { x, y } = data(4);
    const trees = fitTrees(x, y);
    const logistic = fitLogistic(leading(x), ROWS, INPUTS, y);
    // A small network with known weights: churn logit from every column, the 6 inputs included.
    const input = tf.input({ shape: [COLS] });
    const dense = tf.layers.dense({ units: 4, useBias: true });
    const network = tf.model({ inputs: input, outputs: dense.apply(input) as tf.SymbolicTensor });
    dense.setWeights([
      tf.tensor2d(Array.from({ length: COLS }, (_, j) => [0.5 - 0.2 * j, 0.1, 0.2, -0.1])),
      tf.zeros([4]),
    ]);
    const metadata = { reference: REFERENCE, inputs: ['a', 'b', 'c', 'd', 'e', 'f'] } as unknown as ModelMetadata;
    const stack = { members: ['network', 'logistic', 'gbdt', 'bgnbd'], weights: [0.1, 0.6, 0.3, 0.5, 0.2] };
    const shipped = new ShippedModel(new ChurnClvModel(network, metadata), {
      format: HEADS_FORMAT,
      churn: { winner: 'stack', head: { kind: 'stack', stack } },
      value: { winner: 'network', head: { kind: 'single', member: 'network' }, level: 1 },
      members: { inputs: INPUTS, logistic, gbdtChurn: trees },
    });
    const random = mulberry32(5);
    const btyd: BtydColumns = {
      pNoPurchase: Float64Array.from({ length: ROWS }, (_, i) => (i % 17 === 0 ? NaN : random())),
      expectedValue: Float64Array.from({ length: ROWS }, () => 10 * random()),
    };
    const only = masks(6);

    const explained = predictExplained(shipped, x, btyd, GROUPS, only);

    const plain = shipped.predictMatrix(x, btyd);
    expect(explained.churnProb).toEqual(plain.churnProb);
    expect(explained.value).toEqual(plain.value);
    const pick = (column: ArrayLike<number>, rows: Int32Array) => Float64Array.from(rows, (i) => column[i]);
    const full = occlusionAttributionOf(
      (sub, rows) =>
        shipped.churnMatrix(sub, {
          pNoPurchase: pick(btyd.pNoPurchase, rows),
          expectedValue: pick(btyd.expectedValue, rows),
        }),
      x,
      REFERENCE,
      GROUPS,
      plain.churnProb,
      only,
    );
    GROUPS.forEach((_, g) => {
      for (let i = 0; i < ROWS; i++) {
        if (Number.isNaN(full[g][i])) expect(explained.attributions![g][i]).toBeNaN();
        else expect(Math.abs(explained.attributions![g][i] - full[g][i])).toBeLessThan(1e-9);
      }
    });
    // The trees' part matters: without it the attributions of group 1 (read by the trees) would differ.
    expect(full[1].some((v) => Math.abs(v) > 0.05)).toBe(true);
    shipped.dispose();
  });
});
