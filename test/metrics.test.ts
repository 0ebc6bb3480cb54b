// Evaluation metrics against values worked out by hand.
import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  brierScore,
  calibrationTable,
  logLoss,
  normalizedGini,
  rocAuc,
  rocCurve,
  spearman,
  valueDeciles,
} from '../models/eval/metrics.ts';

describe('churn metrics', () => {
  const labels = [1, 0, 1, 0];
  const scores = [0.9, 0.8, 0.4, 0.1];

  it('ROC-AUC counts correctly ordered pairs', () => {
    expect(rocAuc(labels, scores)).toBe(0.75); // 3 of 4 positive-negative pairs ordered right
    expect(rocAuc([1, 0], [0.5, 0.5])).toBe(0.5); // a tie is half right
    expect(rocAuc([1, 1, 0], [0.2, 0.3, 0.9])).toBe(0);
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNaN(); // undefined without both classes
  });

  it('ROC curve runs from (0,0) to (1,1)', () => {
    const curve = rocCurve(labels, scores);
    expect(curve[0]).toMatchObject({ fpr: 0, tpr: 0 });
    expect(curve.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
    expect(curve[1]).toMatchObject({ fpr: 0, tpr: 0.5 });
  });

  it('average precision steps through recall', () => {
    expect(averagePrecision(labels, scores)).toBeCloseTo(0.5 * 1 + 0.5 * (2 / 3), 12);
  });

  it('log loss and Brier score', () => {
    expect(logLoss([1, 0], [0.8, 0.3])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 12);
    expect(brierScore([1, 0], [0.8, 0.3])).toBeCloseTo(0.065, 12);
  });

  it('reliability table bins by predicted probability', () => {
    expect(calibrationTable([0, 1, 0], [0.05, 0.15, 0.12])).toEqual([
      { predicted: 0.05, observed: 0, count: 1 },
      { predicted: expect.closeTo(0.135, 12), observed: 0.5, count: 2 },
    ]);
  });
});

describe('value metrics', () => {
  it('Spearman rank correlation', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 40, 30])).toBeCloseTo(0.8, 12);
  });

  it('normalised Gini: 1 for the perfect order, by hand otherwise', () => {
    const actual = [0, 10, 0, 30];
    expect(normalizedGini(actual, actual)).toBeCloseTo(1, 12);
    // Ordered by prediction: 30, 0, 10, 0 -> cumulative shares .75 .75 1 1 -> Gini 3.5/4 - 5/8 = 0.25;
    // the perfect order gives 3.75/4 - 5/8 = 0.3125.
    expect(normalizedGini(actual, [1, 2, 3, 4])).toBeCloseTo(0.25 / 0.3125, 12);
    expect(normalizedGini(actual, [4, 3, 2, 1])).toBeLessThan(0);
  });

  it('deciles put the highest predictions first', () => {
    const predicted = Array.from({ length: 20 }, (_, i) => i);
    const actual = predicted.map((p) => p * 2);
    const deciles = valueDeciles(actual, predicted);
    expect(deciles).toHaveLength(10);
    expect(deciles[0]).toEqual({ decile: 1, predicted: 18.5, actual: 37, count: 2 });
    expect(deciles[9]).toEqual({ decile: 10, predicted: 0.5, actual: 1, count: 2 });
  });
});
