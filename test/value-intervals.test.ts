// Value intervals (split conformal), the ZILN mixture's quantiles, honest totals and the churn
// bootstrap, on synthetic data whose distribution is known.
import { describe, expect, it } from 'vitest';
import { zilnIntervals, zilnQuantile } from '../models/churn-clv/intervals.ts';
import { churnIntervals, fitChurnBootstrap } from '../models/ensemble/churn-intervals.ts';
import { applyChurnHead } from '../models/ensemble/select.ts';
import { fitChurnStack } from '../models/ensemble/stack.ts';
import {
  binOf,
  binQuantile,
  coverage,
  fitValueIntervals,
  nominalLevel,
  valueIntervals,
} from '../models/eval/intervals.ts';
import { honestTotals } from '../models/eval/intervals-totals.ts';
import { fitCalibration } from '../models/eval/calibration.ts';
import { mulberry32 } from '../models/random.ts';
import { normalQuantile } from '../models/survival/normal-quantile.ts';

function gaussian(random: () => number): number {
  return normalQuantile(Math.min(Math.max(random(), 1e-12), 1 - 1e-12));
}

/** Predictions spread over two orders of magnitude; a purchase with probability rising in the prediction; a lognormal amount around it. */
function draw(n: number, seed: number) {
  const random = mulberry32(seed);
  const predicted = new Float64Array(n);
  const actual = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const mu = Math.exp(1 + 2 * random());
    const pBuy = Math.min(0.95, 0.1 + mu / 25);
    predicted[i] = mu;
    actual[i] = random() < pBuy ? (mu / pBuy) * Math.exp(0.7 * gaussian(random) - 0.245) : 0;
  }
  return { predicted, actual };
}

describe('conformal value intervals', () => {
  it('cover the nominal share of fresh draws, with zeros counted in', () => {
    const calibration = fitValueIntervals(draw(20_000, 1).predicted, draw(20_000, 1).actual);
    const fresh = draw(20_000, 2);
    for (const level of [0.6, 0.8, 0.9]) {
      const c = coverage(valueIntervals(calibration, fresh.predicted, level), fresh.actual, level);
      expect(c.coverage).toBeGreaterThan(level - 0.02);
      expect(c.coverage).toBeLessThan(level + 0.02);
    }
    // Here 55% buy nothing: below that share no interval can go (each holding 0 holds every zero).
    expect(nominalLevel(calibration, 0.6)).toBeLessThan(0.6);
  });

  it('give [0, 0] when most customers like this one buy nothing, and [0, Q] when some do', () => {
    const n = 4000;
    const predicted = new Float64Array(n).fill(10);
    const actual = Float64Array.from({ length: n }, (_, i) => (i % 10 < 9 ? 0 : 50));
    const calibration = fitValueIntervals(predicted, actual);
    expect(valueIntervals(calibration, [10], 0.8).high[0]).toBe(0);
    const some = Float64Array.from({ length: n }, (_, i) => (i % 10 < 3 ? 0 : i % 7));
    const interval = valueIntervals(fitValueIntervals(predicted, some), [10], 0.8);
    expect(interval.low[0]).toBe(0);
    expect(
      coverage(valueIntervals(fitValueIntervals(predicted, some), predicted, 0.8), some, 0.8).coverage,
    ).toBeCloseTo(0.8, 1);
  });

  it('keep customers predicted 0 in a bin of their own amounts', () => {
    const predicted = Float64Array.from({ length: 3000 }, (_, i) => (i < 1000 ? 0 : 1 + (i % 50)));
    const actual = Float64Array.from({ length: 3000 }, (_, i) => (i < 1000 ? (i % 5 === 0 ? 30 : 0) : i % 50));
    const calibration = fitValueIntervals(predicted, actual);
    expect(calibration.zero?.rows).toBe(1000);
    expect(binOf(calibration, 0)).toBe(calibration.zero);
    const [interval] = [valueIntervals(calibration, [0], 0.9)];
    expect(interval.high[0]).toBe(30);
  });
});

describe('ZILN mixture quantiles', () => {
  it('match the quantiles of simulated draws', () => {
    const [p, loc, scale] = [0.6, 3, 0.8];
    const random = mulberry32(7);
    const n = 200_000;
    const draws = Float64Array.from({ length: n }, () =>
      random() < p ? Math.exp(loc + scale * gaussian(random)) : 0,
    ).sort();
    for (const u of [0.2, 0.39, 0.5, 0.7, 0.9, 0.97]) {
      const simulated = draws[Math.floor(u * n)];
      const exact = zilnQuantile(p, loc, scale, u);
      if (u < 1 - p) expect(exact).toBe(0);
      else expect(Math.abs(exact - simulated) / exact).toBeLessThan(0.03);
    }
  });

  it('give intervals that cover the level when the model is right', () => {
    const random = mulberry32(11);
    const n = 50_000;
    const params = { pBuy: new Float64Array(n), loc: new Float64Array(n), scale: new Float64Array(n) };
    const actual = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      params.pBuy[i] = 0.05 + 0.9 * random();
      params.loc[i] = 2 * random();
      params.scale[i] = 0.3 + random();
      actual[i] = random() < params.pBuy[i] ? Math.exp(params.loc[i] + params.scale[i] * gaussian(random)) : 0;
    }
    // A customer who buys with probability under 0.2 gets [0, 0], which holds more than 80%: 1 - p.
    const expected = params.pBuy.reduce((s, p) => s + Math.max(1 - p, 0.8), 0) / n;
    const c = coverage(zilnIntervals(params, 0.8), actual, 0.8);
    expect(c.coverage).toBeGreaterThan(expected - 0.01);
    expect(c.coverage).toBeLessThan(expected + 0.01);
  });
});

describe('honest totals', () => {
  it('agree with a Monte Carlo over customers drawn from the same distributions', () => {
    const train = draw(20_000, 3);
    const calibration = fitValueIntervals(train.predicted, train.actual);
    const { predicted } = draw(3000, 4);
    const churn = Float64Array.from({ length: predicted.length }, (_, i) => (i % 10) / 10);
    const totals = honestTotals(calibration, churn, predicted, 0.8);
    const random = mulberry32(5);
    const sims = 2000;
    const clv = new Float64Array(sims);
    const risk = new Float64Array(sims);
    for (let s = 0; s < sims; s++) {
      for (let i = 0; i < predicted.length; i++) {
        const bin = binOf(calibration, predicted[i]);
        const y = predicted[i] * binQuantile(bin, random());
        clv[s] += y;
        if (random() < churn[i]) risk[s] += y;
      }
    }
    clv.sort();
    risk.sort();
    const check = (sorted: Float64Array, t: { low: number; high: number }) => {
      const half = (t.high - t.low) / 2;
      expect(Math.abs(sorted[Math.floor(0.1 * sims)] - t.low) / half).toBeLessThan(0.1);
      expect(Math.abs(sorted[Math.floor(0.9 * sims)] - t.high) / half).toBeLessThan(0.1);
    };
    check(clv, totals.clv);
    check(risk, totals.valueAtRisk);
    // Adding the customers' bounds would give a far wider interval.
    const bounds = valueIntervals(calibration, predicted, 0.8);
    const added = bounds.high.reduce((a, b) => a + b, 0) - bounds.low.reduce((a, b) => a + b, 0);
    expect(totals.clv.high - totals.clv.low).toBeLessThan(added / 5);
    expect(Math.abs(totals.clv.mean - totals.clv.total) / totals.clv.total).toBeLessThan(0.05);
  });
});

describe('churn probability interval (bootstrap of the head)', () => {
  it('narrows as the validation window grows and holds the head on the full window', () => {
    const fit = (n: number) => {
      const random = mulberry32(n);
      const p = Float64Array.from({ length: n }, () => random());
      const y = Float64Array.from(p, (q) => (random() < q * 0.8 ? 1 : 0));
      const head = { kind: 'single' as const, member: 'network', calibration: fitCalibration('platt', y, p) };
      const b = fitChurnBootstrap(head, { network: p }, y, 1);
      const at = { network: Float64Array.of(0.2, 0.5, 0.8) };
      return { interval: churnIntervals(b, at, 0.8), head, at };
    };
    const small = fit(300);
    const large = fit(30_000);
    for (let i = 0; i < 3; i++) {
      expect(large.interval.high[i] - large.interval.low[i]).toBeLessThan(
        (small.interval.high[i] - small.interval.low[i]) / 3,
      );
      expect(large.interval.high[i]).toBeGreaterThan(large.interval.low[i]);
    }
  });

  it('equals the spread of the bootstrap heads computed customer by customer, for a single head and a stack', () => {
    const random = mulberry32(9);
    const n = 2000;
    const a = Float64Array.from({ length: n }, () => random());
    const b = Float64Array.from(a, (p) => Math.min(0.99, Math.max(0.01, p + 0.3 * (random() - 0.5))));
    const y = Float64Array.from(a, (p) => (random() < p ? 1 : 0));
    const single = { kind: 'single' as const, member: 'a', calibration: fitCalibration('isotonic', y, a) };
    const stack = { kind: 'stack' as const, stack: fitChurnStack(['a', 'b'], [a, b], y) };
    for (const head of [single, stack]) {
      const boot = fitChurnBootstrap(head, { a, b }, y, 3);
      const got = churnIntervals(boot, { a, b }, 0.8);
      const logits = boot.heads.map((h) => Array.from(applyChurnHead(h, { a, b }), (p) => Math.log(p / (1 - p))));
      const z = normalQuantile(0.9);
      for (const i of [0, 10, 500, 1999]) {
        const xs = logits.map((l) => l[i]);
        const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
        const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
        expect(got.low[i]).toBeCloseTo(1 / (1 + Math.exp(-(mean - z * sd))), 2);
        expect(got.high[i]).toBeCloseTo(1 / (1 + Math.exp(-(mean + z * sd))), 2);
      }
      // Centred on the shipped estimate (what scores carry): the same spread around its logit, so it holds it.
      const estimate = applyChurnHead(head, { a, b });
      const centred = churnIntervals(boot, { a, b }, 0.8, estimate);
      for (let i = 0; i < n; i++) {
        expect(centred.low[i]).toBeLessThanOrEqual(estimate[i] + 1e-12);
        expect(centred.high[i]).toBeGreaterThanOrEqual(estimate[i] - 1e-12);
        const half = (x: Float64Array) => Math.log(x[i] / (1 - x[i]));
        expect(half(centred.high) - half(centred.low)).toBeCloseTo(half(got.high) - half(got.low), 6);
      }
    }
  });
});
