// Evaluation-suite metrics, logistic regression and calibration against values worked out by hand.
import { describe, expect, it } from 'vitest';
import { applyCalibration, fitCalibration, isotonic } from '../models/eval/calibration.ts';
import { fitLogistic, predictLogistic } from '../models/eval/logistic.ts';
import { churnMetrics } from '../models/eval/model-metrics.ts';
import { decileMape, expectedCalibrationError, liftTable, precisionRecallAtK } from '../models/eval/ranking-metrics.ts';

describe('ranking and calibration metrics', () => {
  it('ECE weighs each bin by its share of customers', () => {
    // Bin [0.1, 0.2): p 0.1, 0.1 vs y 0, 1 -> |0.2 - 1| = 0.8; bin [0.9, 1): p 0.9 vs y 1 -> 0.1. (0.8 + 0.1) / 3.
    expect(expectedCalibrationError([0, 1, 1], [0.1, 0.1, 0.9])).toBeCloseTo(0.3, 12);
    expect(expectedCalibrationError([0, 1], [0, 1])).toBe(0);
  });

  it('lift and cumulative gain by decile, highest scores first', () => {
    // 20 customers, 4 churners; the top two scores are churners, the other two churners are ranked last.
    const scores = Array.from({ length: 20 }, (_, i) => 20 - i);
    const labels = scores.map((_, i) => (i < 2 || i >= 18 ? 1 : 0));
    const table = liftTable(labels, scores);
    expect(table).toHaveLength(10);
    expect(table[0]).toEqual({ decile: 1, count: 2, positives: 2, rate: 1, lift: 5, cumulativeGain: 0.5 });
    expect(table[1].cumulativeGain).toBe(0.5);
    expect(table[9]).toMatchObject({ positives: 2, lift: 5, cumulativeGain: 1 });
  });

  it('precision and recall at the top k', () => {
    expect(precisionRecallAtK([1, 0, 1, 0], [0.9, 0.8, 0.4, 0.1], 2)).toEqual({ k: 2, precision: 0.5, recall: 0.5 });
    expect(precisionRecallAtK([1, 0, 1, 0], [0.9, 0.8, 0.4, 0.1], 3)).toEqual({ k: 3, precision: 2 / 3, recall: 1 });
  });

  it('decile MAPE compares decile means of predicted and actual value', () => {
    // 10 customers, one per decile: |p - a| / a = 0.5 for each -> 0.5.
    const actual = Array.from({ length: 10 }, (_, i) => (i + 1) * 10);
    expect(
      decileMape(
        actual,
        actual.map((a) => a * 1.5),
      ),
    ).toBeCloseTo(0.5, 12);
    expect(decileMape(actual, actual)).toBe(0);
  });

  it('scores that are not probabilities get ranking metrics only', () => {
    const m = churnMetrics([1, 0, 1, 0], [90, 80, 40, 10], false);
    expect(m.auc).toBe(0.75);
    expect(m.logLoss).toBeNull();
    expect(m.ece).toBeNull();
  });
});

describe('logistic regression', () => {
  it('with one binary input reproduces the two groups rates (closed form)', () => {
    // x = 0: 1 of 4 churn; x = 1: 3 of 4. MLE: intercept logit(1/4), slope logit(3/4) - logit(1/4) = 2 ln 3.
    const x = Float64Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
    const y = [1, 0, 0, 0, 1, 1, 1, 0];
    const model = fitLogistic(x, 8, 1, y, { l2: 0 });
    expect(model.converged).toBe(true);
    expect(model.weights[0]).toBeCloseTo(-Math.log(3), 8);
    expect(model.weights[1]).toBeCloseTo(2 * Math.log(3), 8);
    expect(Array.from(predictLogistic(model, x, 8, 1))).toEqual(
      Array.from(x, (v) => expect.closeTo(v ? 0.75 : 0.25, 8)),
    );
  });
});

describe('calibration', () => {
  it('Platt scaling maps two score levels to their observed rates', () => {
    const probs = [0.2, 0.2, 0.2, 0.2, 0.9, 0.9, 0.9, 0.9];
    const labels = [1, 0, 0, 0, 1, 1, 1, 0];
    const cal = fitCalibration('platt', labels, probs);
    const out = applyCalibration(cal, [0.2, 0.9]);
    expect(out[0]).toBeCloseTo(0.25, 8);
    expect(out[1]).toBeCloseTo(0.75, 8);
  });

  it('isotonic regression pools adjacent violators', () => {
    // Sorted by p: y = 1, 0, 0, 1 -> blocks {1,0,0} mean 1/3 and {1}; the single churner's block is kept
    // half a customer away from certainty: 1 - 0.5 / 1 = 0.5.
    expect(isotonic([1, 0, 0, 1], [0.1, 0.2, 0.3, 0.4])).toEqual({
      x: [expect.closeTo(0.2, 12), 0.4],
      y: [1 / 3, 0.5],
    });
    const cal = fitCalibration('isotonic', [1, 0, 0, 1], [0.1, 0.2, 0.3, 0.4]);
    expect(Array.from(applyCalibration(cal, [0.05, 0.3, 0.5]))).toEqual([
      1 / 3,
      expect.closeTo(1 / 3 + (0.1 / 0.2) * (0.5 - 1 / 3), 12),
      0.5,
    ]);
    // Ten churners in the top block: 1 - 0.5 / 10.
    expect(isotonic([0, 0, ...Array(10).fill(1)], [0.1, 0.2, ...Array(10).fill(0.9)]).y).toEqual([0.25, 0.95]);
  });
});
