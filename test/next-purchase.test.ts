// The next purchase (models/btyd/next-purchase.ts): its closed forms against a simulation of the BG/NBD
// process with known parameters, the quantile inversion, and the holdout evaluation
// (models/btyd/next-purchase-eval.ts, pipeline/btyd/next-purchase*.ts) on small hand-made histories.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bgNbdPAlive, type BgNbdParams } from '../models/btyd/index.ts';
import {
  bgNbdNextPurchaseAll,
  bgNbdNextPurchaseCdf,
  bgNbdNextPurchaseQuantile,
  bgNbdNextPurchaseQuantileWithin,
  dayOf,
  type NextPurchase,
} from '../models/btyd/next-purchase.ts';
import { scoreNextPurchase, usualGapDays } from '../models/btyd/next-purchase-eval.ts';
import { mulberry32 } from '../models/random.ts';
import { evaluateNextPurchase } from '../pipeline/btyd/next-purchase-eval.ts';
import { readNextPurchaseDays } from '../pipeline/btyd/next-purchase.ts';
import type { Database } from '../pipeline/db/database.ts';
import { insertHistory, tempDatabase } from './helpers/temp-db.ts';

const PARAMS: BgNbdParams = { r: 1.5, alpha: 30, a: 0.8, b: 3 };
const T = 100;

/** Gamma(shape, rate) by Marsaglia and Tsang (shape < 1 boosted by U^(1/shape)). */
function gamma(rand: () => number, shape: number, rate: number): number {
  if (shape < 1) return gamma(rand, shape + 1, rate) * rand() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    if (Math.log(rand()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

/** BG/NBD customers born at 0, observed to T: their (x, t_x) and the time τ after T of the next purchase (Infinity: died). */
function simulate(n: number, seed: number) {
  const rand = mulberry32(seed);
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const tau = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lambda = gamma(rand, PARAMS.r, PARAMS.alpha);
    const g1 = gamma(rand, PARAMS.a, 1);
    const p = g1 / (g1 + gamma(rand, PARAMS.b, 1));
    let t = 0;
    for (;;) {
      t += -Math.log(1 - rand()) / lambda;
      if (t > T) {
        tau[i] = t - T;
        break;
      }
      frequency[i]++;
      recency[i] = t;
      if (rand() < p) {
        tau[i] = Infinity;
        break;
      }
    }
  }
  return { frequency, recency, T: new Float64Array(n).fill(T), tau };
}

describe('BG/NBD time to the next purchase vs a simulation of the process', () => {
  const sim = simulate(60_000, 21);
  const n = sim.tau.length;
  const groups: [string, (x: number) => boolean][] = [
    ['x = 0', (x) => x === 0],
    ['x 1-3', (x) => x >= 1 && x <= 3],
    ['x >= 4', (x) => x >= 4],
  ];

  it('P(next purchase within t | history) sums to the simulated count, by frequency group', () => {
    for (const t of [7, 30, 120]) {
      for (const [, inGroup] of groups) {
        let expected = 0;
        let variance = 0;
        let actual = 0;
        for (let i = 0; i < n; i++) {
          if (!inGroup(sim.frequency[i])) continue;
          const f = bgNbdNextPurchaseCdf(PARAMS, t, sim.frequency[i], sim.recency[i], T);
          expected += f;
          variance += f * (1 - f);
          if (sim.tau[i] <= t) actual++;
        }
        expect(Math.abs(actual - expected)).toBeLessThan(4 * Math.sqrt(variance) + 1);
      }
    }
  });

  it('the unconditional median and the quantiles given a purchase within H hold their share of the simulated customers', () => {
    let under = 0;
    let eligible = 0;
    const H = 60;
    const within = { q10: 0, q50: 0, q90: 0, n: 0 };
    for (let i = 0; i < n; i++) {
      const [x, tx] = [sim.frequency[i], sim.recency[i]];
      const median = bgNbdNextPurchaseQuantile(PARAMS, 0.5, x, tx, T);
      if (!Number.isNaN(median)) {
        eligible++;
        if (sim.tau[i] <= median) under++;
      }
      if (sim.tau[i] <= H) {
        within.n++;
        if (sim.tau[i] <= bgNbdNextPurchaseQuantileWithin(PARAMS, 0.1, H, x, T)) within.q10++;
        if (sim.tau[i] <= bgNbdNextPurchaseQuantileWithin(PARAMS, 0.5, H, x, T)) within.q50++;
        if (sim.tau[i] <= bgNbdNextPurchaseQuantileWithin(PARAMS, 0.9, H, x, T)) within.q90++;
      }
    }
    const se = (q: number, m: number) => 4 * Math.sqrt((q * (1 - q)) / m);
    expect(eligible).toBeGreaterThan(n / 2);
    expect(Math.abs(under / eligible - 0.5)).toBeLessThan(se(0.5, eligible));
    expect(Math.abs(within.q10 / within.n - 0.1)).toBeLessThan(se(0.1, within.n));
    expect(Math.abs(within.q50 / within.n - 0.5)).toBeLessThan(se(0.5, within.n));
    expect(Math.abs(within.q90 / within.n - 0.9)).toBeLessThan(se(0.9, within.n));
  });
});

describe('quantile inversion', () => {
  const histories: [number, number, number][] = [
    [0, 0, 50],
    [1, 10, 40],
    [3, 80, 100],
    [6, 20, 200],
  ];

  it('the CDF at the q-quantile is q; a quantile past P(alive) does not exist', () => {
    for (const [x, tx, T] of histories) {
      const alive = bgNbdPAlive(PARAMS, x, tx, T);
      for (const q of [0.05, 0.1, 0.5, 0.9, 0.99]) {
        const t = bgNbdNextPurchaseQuantile(PARAMS, q, x, tx, T);
        if (q >= alive) expect(t).toBeNaN();
        else expect(bgNbdNextPurchaseCdf(PARAMS, t, x, tx, T)).toBeCloseTo(q, 10);
      }
      expect(bgNbdNextPurchaseCdf(PARAMS, 1e12, x, tx, T)).toBeCloseTo(alive, 6);
      const H = 90;
      const within = bgNbdNextPurchaseCdf(PARAMS, H, x, tx, T);
      const median = bgNbdNextPurchaseQuantileWithin(PARAMS, 0.5, H, x, T);
      expect(bgNbdNextPurchaseCdf(PARAMS, median, x, tx, T) / within).toBeCloseTo(0.5, 10);
    }
    expect(() => bgNbdNextPurchaseQuantile(PARAMS, 1, 0, 0, 10)).toThrow(/quantile/);
  });

  it('the per-customer columns are those closed forms, as day offsets from the as-of date', () => {
    const data = {
      frequency: histories.map((h) => h[0]),
      recency: histories.map((h) => h[1]),
      T: histories.map((h) => h[2]),
    };
    const out = bgNbdNextPurchaseAll(PARAMS, data, { level: 0.8, horizonDays: 90 });
    histories.forEach(([x, tx, T], i) => {
      expect(out.pEver[i]).toBeCloseTo(bgNbdPAlive(PARAMS, x, tx, T), 12);
      expect(out.pWithin7[i]).toBeCloseTo(bgNbdNextPurchaseCdf(PARAMS, 7, x, tx, T), 12);
      expect(out.pWithin30[i]).toBeCloseTo(bgNbdNextPurchaseCdf(PARAMS, 30, x, tx, T), 12);
      expect(out.pWithinHorizon[i]).toBeCloseTo(bgNbdNextPurchaseCdf(PARAMS, 90, x, tx, T), 12);
      expect(out.medianDays[i]).toBe(dayOf(bgNbdNextPurchaseQuantileWithin(PARAMS, 0.5, 90, x, T)));
      expect(out.lowDays[i]).toBe(dayOf(bgNbdNextPurchaseQuantileWithin(PARAMS, 0.1, 90, x, T)));
      expect(out.highDays[i]).toBe(dayOf(bgNbdNextPurchaseQuantileWithin(PARAMS, 0.9, 90, x, T)));
      expect(out.lowDays[i]).toBeLessThanOrEqual(out.medianDays[i]);
      expect(out.highDays[i]).toBeLessThanOrEqual(89);
    });
    // A quantile at t in (k, k + 1] is on day offset k: the as-of date is offset 0.
    expect([dayOf(0.2), dayOf(1), dayOf(1.01), dayOf(NaN)]).toEqual([0, 0, 1, NaN]);
    expect(() => bgNbdNextPurchaseAll(PARAMS, data, { level: 1 })).toThrow(/level/);
  });
});

describe('evaluation on hand-made histories', () => {
  it('the usual gap: last purchase + mean gap, the population median gap without repeats, a past date moved to the as-of date', () => {
    // Purchases on days 0, 10, 20 and the calibration ending on day 25: next due on day 30 = offset 4.
    const days = usualGapDays({ frequency: [2, 0, 1, 3], recency: [20, 0, 4, 60], T: [25, 5, 100, 61] });
    // Population median of the mean gaps 10, 4, 20 is 10; one purchase on day 0, T = 5: day 10 = offset 4.
    expect(Array.from(days)).toEqual([4, 4, 0, 18]);
  });

  it('dates over the buyers, censored customers apart, the interval coverage and the ECE over everyone', () => {
    const prediction: NextPurchase = {
      medianDays: Float64Array.from([5, 10, 40, 3, 20]),
      lowDays: Float64Array.from([1, 2, 30, 0, 10]),
      highDays: Float64Array.from([20, 12, 44, 9, 50]),
      pWithinHorizon: Float64Array.from([0.9, 0.8, 0.3, 0.6, 0.7]),
      pWithin7: Float64Array.from([0.5, 0.2, 0.05, 0.5, 0.1]),
      pWithin30: Float64Array.from([0.8, 0.6, 0.1, 0.7, 0.3]),
      pEver: Float64Array.from([0.9, 0.9, 0.4, 0.8, 0.8]),
    };
    const actual = [8, 2, 45, NaN, NaN];
    const baseline = [10, 12, 50, 5, 70];
    const s = scoreNextPurchase(prediction, baseline, actual, 60);
    expect([s.customers, s.buyers, s.censored]).toEqual([5, 3, 2]);
    // |5-8|, |10-2|, |40-45| = 3, 8, 5; the baseline's 2, 10, 5.
    expect(s.dates).toEqual({
      n: 3,
      medianAbsError: 5,
      meanAbsError: 16 / 3,
      baselineMedianAbsError: 5,
      baselineMeanAbsError: 17 / 3,
      ratio: 1,
    });
    // Expected (P within the horizon >= 0.5): the first two buyers.
    expect(s.datesExpected.n).toBe(2);
    expect(s.datesExpected.medianAbsError).toBe(5.5);
    expect(s.datesExpected.baselineMedianAbsError).toBe(6);
    // Censored: both expected by the model; the baseline dated customer 3 in the window, 4 past it.
    expect(s.censoredDated).toEqual({ model: 2, baseline: 1 });
    expect(s.intervalCoverage).toBeCloseTo(2 / 3, 12);
    // Within 30 days: customers 0 and 1 bought; bins 0.8 (1), 0.6 (1), 0.1 (0), 0.7 (0), 0.3 (0).
    expect(s.ece.within30).toBeCloseTo((0.2 + 0.4 + 0.1 + 0.7 + 0.3) / 5, 12);
    expect(s.within30).toEqual({ predicted: 2.5 / 5, actual: 2 / 5 });
    expect(scoreNextPurchase(prediction, baseline, actual, 20).ece.within30).toBeNull();
  });
});

describe('the next purchase in a database', () => {
  let db: Database;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await tempDatabase()));
  afterEach(() => cleanup());

  it('reads the first purchase day on or after the as-of date up to the holdout end', async () => {
    await insertHistory(
      db,
      [
        ['a', '2024-01-01'],
        ['b', '2024-01-01'],
        ['c', '2024-01-01'],
      ],
      [
        ['a', '2024-02-01 10:00:00', 'purchase', 10],
        ['a', '2024-03-03 23:00:00', 'purchase', 10],
        ['a', '2024-03-20 09:00:00', 'purchase', 10],
        ['b', '2024-02-10 10:00:00', 'purchase', 10],
        ['b', '2024-03-05 10:00:00', 'login'],
        ['b', '2024-05-01 10:00:00', 'purchase', 10],
        ['c', '2024-03-01 00:00:00', 'purchase', 10],
      ],
    );
    const days = await readNextPurchaseDays(db, '2024-03-01', '2024-04-30', ['a', 'b', 'c', 'z']);
    expect(Array.from(days)).toEqual([2, NaN, 0, NaN]);
  });

  it('evaluates a simulated history at an as-of date; an empty history is skipped with the reason', async () => {
    expect(await evaluateNextPurchase(db, { asOf: '2024-04-01', holdoutEnd: '2024-06-30' })).toEqual({
      skipped: 'no purchases before 2024-04-01',
    });
    const sim = simulatePurchases(300, 5);
    await insertHistory(
      db,
      sim.customers.map((id) => [id, '2023-12-01']),
      sim.events.map(([id, day]) => [id, `${addDay(day)} 12:00:00`, 'purchase', 20]),
    );
    const result = await evaluateNextPurchase(db, { asOf: '2024-04-10', holdoutEnd: '2024-06-30' });
    if ('skipped' in result) throw new Error(result.skipped);
    expect(result.learned?.cutoffs).toEqual(['2024-03-11', '2024-02-10', '2024-01-11']);
    expect(result.raw.windowDays).toBe(82);
    expect(result.raw.buyers + result.raw.censored).toBe(result.raw.customers);
    expect(result.raw.dates.n).toBe(result.raw.buyers);
    expect(result.raw.intervalCoverage).toBeGreaterThan(0.6);
    expect(result.raw.ece.within30).toBeLessThan(0.15);
    expect(result.shipped.ece.within30).not.toBeNull();
    expect(result.shipped.buyers).toBe(result.raw.buyers);
  });
});

/** Day offsets from 2024-01-01 of purchases of BG/NBD customers born in January, to the end of June. */
function simulatePurchases(n: number, seed: number) {
  const rand = mulberry32(seed);
  const customers: string[] = [];
  const events: [string, number][] = [];
  for (let i = 0; i < n; i++) {
    const id = `c${String(i).padStart(4, '0')}`;
    customers.push(id);
    const lambda = gamma(rand, 2, 40);
    let t = Math.floor(rand() * 31);
    events.push([id, t]);
    for (;;) {
      t += -Math.log(1 - rand()) / lambda;
      if (t >= 181 || rand() < 0.05) break;
      events.push([id, Math.floor(t)]);
    }
  }
  return { customers, events };
}

const addDay = (offset: number) => new Date(Date.UTC(2024, 0, 1 + offset)).toISOString().slice(0, 10);
