// Candidate selection (models/ensemble): cross-fitting keeps every selection metric out of sample,
// the best candidate wins, the stacks and the Poisson regression fit what they should.
import { describe, expect, it } from 'vitest';
import { chooseChurn, chooseValue, applyChurnHead, applyValueHead, STACK } from '../models/ensemble/select.ts';
import { fitPoisson, predictPoisson } from '../models/eval/poisson.ts';
import { rocAuc } from '../models/eval/metrics.ts';
import { mulberry32 } from '../models/random.ts';

function data(n: number, seed: number) {
  const random = mulberry32(seed);
  const signal = Float64Array.from({ length: n }, () => random() * 2 - 1);
  const churned = Float32Array.from(signal, (s) => (random() < 1 / (1 + Math.exp(-3 * s)) ? 1 : 0));
  const fold = Uint8Array.from({ length: n }, (_, i) => i % 2);
  const good = Float64Array.from(signal, (s) => 1 / (1 + Math.exp(-2 * s)));
  const weak = Float64Array.from(signal, (s) => 1 / (1 + Math.exp(-(s + 2 * (random() - 0.5)))));
  const noise = Float64Array.from({ length: n }, () => random());
  return { churned, fold, good, weak, noise, random };
}

describe('chooseChurn', () => {
  it('ships the better candidate (or a stack at least as good) and ranks every one by cross-fitted AUC', () => {
    const { churned, fold, good, weak, noise } = data(4000, 1);
    const choice = chooseChurn(
      [
        { name: 'noise', predictions: noise },
        { name: 'weak', predictions: weak },
        { name: 'good', predictions: good },
      ],
      churned,
      fold,
      'isotonic',
    );
    expect(['good', STACK]).toContain(choice.winner);
    expect(choice.ranking.map((r) => r.name).slice(-1)).toEqual(['noise']);
    const byName = Object.fromEntries(choice.ranking.map((r) => [r.name, r]));
    expect(byName.good.auc).toBeGreaterThan(byName.weak.auc);
    expect(byName.noise.auc).toBeLessThan(0.55);
    expect(choice.ranking[0].auc).toBeGreaterThanOrEqual(byName.good.auc);
  });

  it('cross-fits: the selection predictions of one half do not depend on the labels of that half', () => {
    const { churned, fold, good, weak } = data(2000, 2);
    const candidates = [
      { name: 'weak', predictions: weak },
      { name: 'good', predictions: good },
    ];
    const first = chooseChurn(candidates, churned, fold, 'isotonic');
    const flipped = Float32Array.from(churned, (y, i) => (fold[i] === 0 ? 1 - y : y));
    const second = chooseChurn(candidates, flipped, fold, 'isotonic');
    for (const name of ['good', STACK]) {
      for (let i = 0; i < fold.length; i++)
        if (fold[i] === 0) expect(second.predictions[name][i]).toBe(first.predictions[name][i]);
    }
  });

  it('the shipped head is refitted on the whole window and is calibrated there', () => {
    const { churned, fold, good, weak } = data(6000, 3);
    const choice = chooseChurn(
      [
        { name: 'weak', predictions: weak },
        { name: 'good', predictions: good },
      ],
      churned,
      fold,
      'platt',
    );
    const shipped = applyChurnHead(choice.head, { weak, good });
    const mean = shipped.reduce((a, b) => a + b, 0) / shipped.length;
    const rate = churned.reduce((a, b) => a + b, 0) / churned.length;
    expect(Math.abs(mean - rate)).toBeLessThan(0.01);
    expect(rocAuc(churned, shipped)).toBeGreaterThan(rocAuc(churned, weak));
  });
});

describe('chooseValue', () => {
  it('ships the candidate that ranks spend best', () => {
    const random = data(1, 4).random;
    const n = 3000;
    const truth = Float64Array.from({ length: n }, () => Math.exp(2 * random()));
    const value = Float32Array.from(truth, (t) => (random() < 0.3 ? 0 : t * (0.5 + random())));
    const good = Float64Array.from(truth, (t) => t * 10);
    const bad = Float64Array.from({ length: n }, () => random());
    const choice = chooseValue(
      [
        { name: 'bad', predictions: bad },
        { name: 'good', predictions: good },
      ],
      value,
      Uint8Array.from({ length: n }, (_, i) => i % 2),
    );
    expect(['good', STACK]).toContain(choice.winner);
    expect(choice.ranking.at(-1)!.name).toBe('bad');
    expect(applyValueHead(choice.head, { good, bad })).toHaveLength(n);
  });
});

describe('fitPoisson', () => {
  it('recovers the coefficients of a log-linear mean', () => {
    const random = data(1, 5).random;
    const n = 20000;
    const x = new Float64Array(n * 2);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[2 * i] = random() * 2 - 1;
      x[2 * i + 1] = random() * 2 - 1;
      const mu = Math.exp(0.5 + 0.8 * x[2 * i] - 0.4 * x[2 * i + 1]);
      // Poisson draw by inversion.
      let k = 0;
      let p = Math.exp(-mu);
      let s = p;
      const u = random();
      while (u > s) {
        k++;
        p *= mu / k;
        s += p;
      }
      y[i] = k;
    }
    const model = fitPoisson(x, n, 2, y, { l2: 0 });
    expect(model.converged).toBe(true);
    expect(model.weights[0]).toBeCloseTo(0.5, 1);
    expect(model.weights[1]).toBeCloseTo(0.8, 1);
    expect(model.weights[2]).toBeCloseTo(-0.4, 1);
    expect(predictPoisson(model, x, n, 2).every((v) => v > 0)).toBe(true);
  });
});
