// The histogram gradient-boosted trees (models/gbdt) on data whose truth is known: a nonlinear churn
// rule that a linear model cannot see, a Poisson mean, NaN and one-hot inputs; and the contract around
// them: deterministic fits, early stopping that keeps the best round, a JSON round trip.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../models/random.ts';
import { fitLogistic, predictLogistic } from '../models/eval/logistic.ts';
import { logLoss, pearson, rocAuc } from '../models/eval/metrics.ts';
import { fitGbdt, gbdtFeatureGains, GbdtError, predictGbdt, type GbdtModel } from '../models/gbdt/index.ts';

interface Data {
  x: Float32Array;
  rows: number;
  cols: number;
  y: Float64Array;
  /** The true P(y = 1) or mean of each row. */
  truth: Float64Array;
}

/** Rows of `cols` uniform(-1, 1) inputs; `label(row, random)` draws the label and returns [label, truth]. */
function simulate(
  rows: number,
  cols: number,
  seed: number,
  label: (row: Float32Array, random: () => number) => [number, number],
): Data {
  const random = mulberry32(seed);
  const x = new Float32Array(rows * cols);
  const y = new Float64Array(rows);
  const truth = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const row = x.subarray(i * cols, (i + 1) * cols);
    for (let j = 0; j < cols; j++) row[j] = 2 * random() - 1;
    [y[i], truth[i]] = label(row, random);
  }
  return { x, rows, cols, y, truth };
}

// Churn exactly when x0 > 0.3 xor x1 < -0.2, with 10% of labels flipped; x2..x4 are noise.
const xorRule = (row: Float32Array, random: () => number): [number, number] => {
  const p = row[0] > 0.3 !== row[1] < -0.2 ? 0.9 : 0.1;
  return [random() < p ? 1 : 0, p];
};

function poissonDraw(mean: number, random: () => number): number {
  let k = 0;
  for (let t = -Math.log(random()); t < mean; t -= Math.log(random())) k++;
  return k;
}

const fitOn = (d: Data, options: Parameters<typeof fitGbdt>[4], valid?: Data) =>
  fitGbdt(d.x, d.rows, d.cols, d.y, options, valid && { x: valid.x, rows: valid.rows, y: valid.y });

describe('gradient-boosted trees', () => {
  it('learns a nonlinear rule to near the Bayes AUC, far above logistic regression, and says which inputs it used', () => {
    const train = simulate(6000, 5, 1, xorRule);
    const valid = simulate(2000, 5, 2, xorRule);
    const test = simulate(5000, 5, 3, xorRule);
    const model = fitOn(train, { loss: 'logistic' }, valid);
    const p = predictGbdt(model, test.x, test.rows, test.cols);
    const auc = rocAuc(test.y, p);
    const bayes = rocAuc(test.y, test.truth);
    const logistic = rocAuc(
      test.y,
      predictLogistic(fitLogistic(train.x, train.rows, train.cols, train.y), test.x, test.rows, test.cols),
    );
    expect(bayes).toBeGreaterThan(0.75);
    expect(auc).toBeGreaterThan(bayes - 0.015);
    expect(logistic).toBeLessThan(0.7);
    expect(auc).toBeGreaterThan(logistic + 0.2);
    // Probabilities, near the true 0.1 / 0.9 on average.
    for (const v of p) expect(v > 0 && v < 1).toBe(true);
    expect(pearson(p, test.truth)).toBeGreaterThan(0.9);
    const gains = gbdtFeatureGains(model);
    expect(gains).toHaveLength(5);
    expect(Math.min(gains[0], gains[1])).toBeGreaterThan(5 * Math.max(gains[2], gains[3], gains[4]));
  });

  it('recovers a Poisson mean (log link), with negative labels clipped at 0', () => {
    const mean = (row: Float32Array) => Math.exp(0.5 + 0.8 * Math.sin(3 * row[0]) + (row[1] > 0 ? 0.5 : 0));
    // A few labels slightly negative (refunds), as value labels can be: counted as 0.
    const label = (row: Float32Array, random: () => number): [number, number] => {
      const k = poissonDraw(mean(row), random);
      return [k === 0 && random() < 0.2 ? -0.5 : k, mean(row)];
    };
    const train = simulate(8000, 3, 4, label);
    const valid = simulate(2000, 3, 5, label);
    const test = simulate(4000, 3, 6, label);
    const model = fitOn(train, { loss: 'poisson' }, valid);
    expect(model.baseScore).toBeCloseTo(Math.log(train.y.reduce((s, v) => s + Math.max(v, 0), 0) / train.rows), 12);
    const predicted = predictGbdt(model, test.x, test.rows, test.cols);
    let relativeError = 0;
    for (let i = 0; i < test.rows; i++)
      relativeError += Math.abs(predicted[i] - test.truth[i]) / test.truth[i] / test.rows;
    expect(relativeError).toBeLessThan(0.1);
    expect(pearson(predicted, test.truth)).toBeGreaterThan(0.97);
    const total = predicted.reduce((s, v) => s + v, 0);
    const expected = test.truth.reduce((s, v) => s + v, 0);
    expect(Math.abs(total / expected - 1)).toBeLessThan(0.03);
  });

  it('fits squared and tweedie losses to their own scales', () => {
    const train = simulate(4000, 2, 7, (row) => [3 + 2 * Math.sign(row[0]), 3 + 2 * Math.sign(row[0])]);
    const squared = fitOn(train, { loss: 'squared', maxRounds: 100 });
    const tweedie = fitOn(train, { loss: 'tweedie', maxRounds: 100 });
    const probe = Float32Array.from([-0.5, 0, 0.5, 0]);
    for (const model of [squared, tweedie]) {
      const [low, high] = predictGbdt(model, probe, 2, 2);
      expect(low).toBeCloseTo(1, 1);
      expect(high).toBeCloseTo(5, 1);
    }
  });

  it('is deterministic: the same inputs give a bitwise identical model, with or without a row cap', () => {
    const train = simulate(3000, 4, 8, xorRule);
    const valid = simulate(1000, 4, 9, xorRule);
    for (const options of [
      { loss: 'logistic' as const },
      { loss: 'logistic' as const, maxRows: 1000, learningRate: 0.2 },
    ]) {
      const a = fitOn(train, options, valid);
      const b = fitOn(train, options, valid);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    }
    expect(fitOn(train, { loss: 'logistic', maxRows: 1000 }).trainRows).toBe(1000);
  });

  it('stops early and keeps the round of lowest validation loss', () => {
    // One weak step in x0 and noise: the validation loss turns up after a few rounds at a high learning rate.
    const noisy = (row: Float32Array, random: () => number): [number, number] => {
      const p = row[0] > 0 ? 0.7 : 0.3;
      return [random() < p ? 1 : 0, p];
    };
    const train = simulate(1500, 6, 10, noisy);
    const valid = simulate(1500, 6, 11, noisy);
    const patience = 8;
    const model = fitOn(
      train,
      { loss: 'logistic', learningRate: 0.5, maxRounds: 200, patience, minSamplesLeaf: 5 },
      valid,
    );
    expect(model.bestRound).toBeGreaterThan(0);
    expect(model.rounds).toBeLessThan(200);
    expect(model.rounds).toBe(model.bestRound + patience);
    expect(model.trees).toHaveLength(model.bestRound);
    expect(model.validLoss).toHaveLength(model.rounds + 1);
    const best = Math.min(...model.validLoss);
    expect(model.validLoss[model.bestRound]).toBe(best);
    expect(model.validLoss.at(-1)!).toBeGreaterThan(best);
    // The curve was tracked on binned validation rows: the same scores as predicting them afresh.
    expect(logLoss(valid.y, predictGbdt(model, valid.x, valid.rows, valid.cols))).toBeCloseTo(best, 12);
    // The kept trees are exactly those of a fit that ran bestRound rounds.
    const short = fitOn(train, { loss: 'logistic', learningRate: 0.5, maxRounds: model.bestRound, minSamplesLeaf: 5 });
    expect(predictGbdt(model, valid.x, valid.rows, valid.cols)).toEqual(
      predictGbdt(short, valid.x, valid.rows, valid.cols),
    );
  });

  it('survives a JSON round trip with identical predictions', () => {
    const train = simulate(3000, 4, 12, xorRule);
    const model = fitOn(train, { loss: 'logistic', maxRounds: 60 });
    const copy = JSON.parse(JSON.stringify(model)) as GbdtModel;
    const test = simulate(2000, 4, 13, xorRule);
    test.x[5] = NaN;
    test.x[6] = Infinity;
    expect(predictGbdt(copy, test.x, test.rows, test.cols)).toEqual(predictGbdt(model, test.x, test.rows, test.cols));
  });

  it('handles NaN inputs: sends them the way that fits best, and NaN of a column never missing in training to the larger side', () => {
    // x0 missing on a fifth of the rows, which churn like the rows with x0 < 0.
    const label = (row: Float32Array, random: () => number): [number, number] => {
      if (random() < 0.2) row[0] = NaN;
      const p = Number.isNaN(row[0]) || row[0] < 0 ? 0.8 : row[1] > 0.6 ? 0.5 : 0.1;
      return [random() < p ? 1 : 0, p];
    };
    const train = simulate(6000, 3, 14, label);
    const valid = simulate(2000, 3, 17, label);
    const test = simulate(4000, 3, 15, label);
    const model = fitOn(train, { loss: 'logistic', maxRounds: 100 }, valid);
    expect(logLoss(valid.y, predictGbdt(model, valid.x, valid.rows, valid.cols))).toBeCloseTo(
      model.validLoss[model.bestRound],
      12,
    );
    // One split does it: x0 near 0, NaN with the low values.
    const [first] = model.trees;
    expect(first.feature[0]).toBe(0);
    expect(first.missingLeft[0]).toBe(true);
    expect(Math.abs(model.edges[0][first.bin[0]])).toBeLessThan(0.05);
    const p = predictGbdt(model, test.x, test.rows, test.cols);
    for (const v of p) expect(Number.isFinite(v)).toBe(true);
    expect(rocAuc(test.y, p)).toBeGreaterThan(rocAuc(test.y, test.truth) - 0.015);
    let sum = 0;
    let n = 0;
    for (let i = 0; i < test.rows; i++) if (Number.isNaN(test.x[i * 3])) ((sum += p[i]), n++);
    expect(sum / n).toBeCloseTo(0.8, 1);
    // x1 had no NaN in training: NaN there scores like a row on the larger side (x1 <= 0.6) of its splits.
    const [missing, low, high] = predictGbdt(
      model,
      Float32Array.from([0.5, NaN, 0.5, 0.5, 0, 0.5, 0.5, 0.9, 0.5]),
      3,
      3,
    );
    expect(high - low).toBeGreaterThan(0.2);
    expect(Math.abs(missing - low)).toBeLessThan(0.05);
  });

  it('splits one-hot columns (fitted as bundles) exactly as the same columns coded 0/2 (fitted one by one)', () => {
    const random = mulberry32(16);
    const rows = 4000;
    const cols = 8; // x0 numeric, x1..x4 one category, x5..x7 another (two bundles)
    const x = new Float32Array(rows * cols);
    const doubled = new Float32Array(rows * cols);
    const y = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      x[i * cols] = doubled[i * cols] = 2 * random() - 1;
      const a = Math.floor(random() * 4);
      const b = Math.floor(random() * 3);
      x[i * cols + 1 + a] = x[i * cols + 5 + b] = 1;
      doubled[i * cols + 1 + a] = doubled[i * cols + 5 + b] = 2;
      const p = [0.2, 0.5, 0.3, 0.4][a] + [0, 0.3, 0.1][b] + (x[i * cols] > 0 ? 0.1 : 0);
      y[i] = random() < p ? 1 : 0;
    }
    const bundled = fitGbdt(x, rows, cols, y, { loss: 'logistic', maxRounds: 40 });
    const single = fitGbdt(doubled, rows, cols, y, { loss: 'logistic', maxRounds: 40 });
    const used = new Set(bundled.trees.flatMap((t) => t.feature));
    for (const j of [1, 2, 3, 4, 5, 6, 7]) expect(used.has(j)).toBe(true);
    expect(bundled.trees.map((t) => t.feature)).toEqual(single.trees.map((t) => t.feature));
    const pa = predictGbdt(bundled, x, rows, cols);
    const pb = predictGbdt(single, doubled, rows, cols);
    for (let i = 0; i < rows; i++) expect(pa[i]).toBeCloseTo(pb[i], 9);
  });

  it('refuses labels outside the loss domain and mismatched shapes, naming them', () => {
    const x = new Float32Array(20);
    expect(() => fitGbdt(x, 10, 2, [0, 1, 2, 0, 1, 0, 1, 0, 1, 0], { loss: 'logistic' })).toThrow(
      new GbdtError('training labels: row 2 is 2, expected a number in [0, 1]'),
    );
    expect(() => fitGbdt(x, 10, 2, new Array(10).fill(0), { loss: 'poisson' })).toThrow(/all zero/);
    expect(() => fitGbdt(x, 9, 2, new Array(9).fill(0), { loss: 'squared' })).toThrow(/20 values, expected 9 x 2/);
    expect(() => fitGbdt(x, 10, 2, new Array(10).fill(0), { loss: 'squared', maxBins: 300 })).toThrow(/maxBins: 300/);
  });
});

describe('poisson leaf steps', () => {
  it('caps a leaf step on the log scale (maxDeltaStep), so big spenders on a low start do not blow up the next rounds', () => {
    // Most rows spend 1, one in a hundred (x = 0.99) spends 5,000: from the mean (~51) the first Newton step of their leaf is y/mu - 1, ~97 on the log scale.
    const rows = 5000;
    const x = Float32Array.from({ length: rows }, (_, i) => (i % 100) / 100);
    const y = Float64Array.from(x, (v) => (v > 0.985 ? 5000 : 1));
    const valid = { x, rows, y };
    const capped = fitGbdt(x, rows, 1, y, { loss: 'poisson', maxRounds: 50 }, valid);
    const uncapped = fitGbdt(x, rows, 1, y, { loss: 'poisson', maxRounds: 50, maxDeltaStep: 0 }, valid);
    const firstStep = (m: typeof capped) => Math.max(...m.trees[0].value.map(Math.abs));
    expect(firstStep(capped)).toBeLessThanOrEqual(0.07 + 1e-12);
    // The capped fit improves from the first round on; the uncapped one overshoots so far that early
    // stopping keeps no tree at all (what a 1M-customer demo's value trees did before the cap).
    expect(capped.validLoss[1]).toBeLessThan(capped.validLoss[0]);
    expect(capped.bestRound).toBeGreaterThan(10);
    expect(uncapped.validLoss[1]).toBeGreaterThan(uncapped.validLoss[0]);
    expect(uncapped.bestRound).toBe(0);
    const p = predictGbdt(capped, x, rows, 1);
    expect(p[99]).toBeGreaterThan(100);
    expect(p[5]).toBeLessThan(5);
  });
});
