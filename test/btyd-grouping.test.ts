// Grouping rows by their (x, t_x, T) pattern, and computing per pattern rather than per customer, must
// give what the per-customer computation gives: the same groups in the same order as a Map, the same
// likelihoods, and bitwise the same per-customer forecasts.
import { describe, expect, it } from 'vitest';
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdConditionalProbabilityOfPurchases,
  bgNbdLikelihood,
  bgNbdPAlive,
  compressRfm,
  discountedClv,
  forecastBgNbdCustomers,
  gammaGammaExpectedSpend,
  gammaGammaLikelihood,
  lgamma,
  TRANSACTION_MODELS,
} from '../models/btyd/index.ts';
import { groupRows } from '../models/btyd/group-rows.ts';

/** A seeded generator (LCG), so the data are the same on every run. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Customers in whole days, many of them sharing patterns, as a real summary has. */
function summary(n: number, seed = 1) {
  const u = random(seed);
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  const monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    T[i] = 1 + Math.floor(u() * 400);
    const x = u() < 0.4 ? 0 : Math.floor(-Math.log(1 - u()) * 6);
    frequency[i] = x;
    recency[i] = x === 0 ? 0 : Math.floor(u() * (T[i] + 1));
    monetary[i] = x === 0 ? 0 : Math.round(500 + u() * 20000) / 100;
  }
  return { frequency, recency, T, monetary };
}

/** The reference: a Map keyed by the tuple's text, numbered in order of first row. */
function mapGroups(columns: ArrayLike<number>[], keep?: (i: number) => boolean) {
  const index = new Map<string, number>();
  const row: number[] = [];
  const first: number[] = [];
  for (let i = 0; i < columns[0].length; i++) {
    if (keep && !keep(i)) {
      row.push(-1);
      continue;
    }
    const key = columns.map((c) => String(c[i] + 0)).join('|');
    if (!index.has(key)) {
      index.set(key, index.size);
      first.push(i);
    }
    row.push(index.get(key)!);
  }
  return { size: index.size, row, first };
}

describe('groupRows', () => {
  it('numbers tuples in order of first row, as a Map would, with few tuples (one table) and many (partitions)', () => {
    const u = random(7);
    for (const [n, range] of [
      [5_000, 20],
      [60_000, 5_000],
    ]) {
      const a = Float64Array.from({ length: n }, () => Math.floor(u() * range));
      const b = Float64Array.from({ length: n }, () => Math.floor(u() * range) / 7);
      const c = Float64Array.from({ length: n }, () => Math.floor(u() * 3));
      for (const columns of [[a], [a, b], [a, b, c]]) {
        const got = groupRows(columns);
        const want = mapGroups(columns);
        expect(got.size).toBe(want.size);
        expect(Array.from(got.row)).toEqual(want.row);
        expect(Array.from(got.first)).toEqual(want.first);
      }
    }
    // The partitioned path was taken: more tuples than one cache-sized table holds.
    expect(groupRows([Float64Array.from({ length: 60_000 }, (_, i) => i)]).size).toBe(60_000);
  });

  it('leaves out rows, and treats -0 as 0', () => {
    const a = [0, -0, 1, 1, 2, -0];
    const keep = (i: number) => i !== 2;
    const got = groupRows([a], keep);
    expect(Array.from(got.row)).toEqual([0, 0, -1, 1, 2, 0]);
    expect(Array.from(got.first)).toEqual([0, 3, 4]);
  });
});

describe('compressRfm', () => {
  it('patterns, weights, and each row mapped to its pattern', () => {
    const data = summary(3_000);
    const p = compressRfm(data);
    const want = mapGroups([data.frequency, data.recency, data.T]);
    expect(p.x.length).toBe(want.size);
    expect(Array.from(p.row)).toEqual(want.row);
    const counts = new Float64Array(want.size);
    for (const k of want.row) counts[k]++;
    expect(Array.from(p.w)).toEqual(Array.from(counts));
    for (let i = 0; i < data.T.length; i++) {
      const k = p.row[i];
      expect([p.x[k], p.tx[k], p.T[k]]).toEqual([data.frequency[i], data.recency[i], data.T[i]]);
    }
  });
});

describe('likelihoods over patterns equal the per-customer sums', () => {
  it('BG/NBD (eq. 6 per customer)', () => {
    const data = summary(2_000);
    const [r, alpha, a, b] = [0.8, 30, 0.7, 5];
    let direct = 0;
    for (let i = 0; i < data.T.length; i++) {
      const [x, tx, T] = [data.frequency[i], data.recency[i], data.T[i]];
      const common =
        lgamma(r + x) + r * Math.log(alpha) - lgamma(r) + lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x);
      const alive = Math.exp(-(r + x) * Math.log(alpha + T));
      const died = x > 0 ? Math.exp(Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx)) : 0;
      direct += common + Math.log(alive + died);
    }
    expect(bgNbdLikelihood(data).logLik([r, alpha, a, b]) / direct - 1).toBeLessThan(1e-12);
  });

  it('Gamma-Gamma (the lgamma terms per distinct x)', () => {
    const data = summary(2_000);
    const [p, q, v] = [3, 2.5, 20];
    let direct = 0;
    for (let i = 0; i < data.T.length; i++) {
      const [x, m] = [data.frequency[i], data.monetary[i]];
      if (!(x > 0 && m > 0)) continue;
      direct +=
        lgamma(p * x + q) -
        lgamma(p * x) -
        lgamma(q) +
        q * Math.log(v) +
        (p * x - 1) * Math.log(m) +
        p * x * Math.log(x) -
        (p * x + q) * Math.log(x * m + v);
    }
    const ll = gammaGammaLikelihood({ frequency: data.frequency, monetary: data.monetary }).logLik([p, q, v]);
    expect(Math.abs(ll / direct - 1)).toBeLessThan(1e-12);
  });
});

describe('forecastBgNbdCustomers', () => {
  it('gives bitwise what the per-customer functions give', () => {
    const data = summary(4_000, 3);
    const params = { r: 0.9, alpha: 25, a: 0.6, b: 8 };
    const gg = { p: 3, q: 2.5, gamma: 20 };
    const spend = Float64Array.from(data.frequency, (x, i) => gammaGammaExpectedSpend(gg, x, data.monetary[i]));
    const clv = { horizon: 365, step: 30, discountRate: 0.01 };
    const got = forecastBgNbdCustomers(params, data, compressRfm(data), spend, { horizon: 90, clv });
    for (let i = 0; i < data.T.length; i++) {
      const [x, tx, T] = [data.frequency[i], data.recency[i], data.T[i]];
      const cumulative = (t: number) => bgNbdConditionalExpectedPurchases(params, t, x, tx, T);
      expect(got.pAlive[i]).toBe(bgNbdPAlive(params, x, tx, T));
      expect(got.expected[i]).toBe(cumulative(90));
      expect(got.value[i]).toBe(cumulative(365) * spend[i]);
      expect(got.clv[i]).toBe(discountedClv(cumulative, spend[i], clv));
      // P(alive) P(none | alive) + 1 - P(alive), added in another order than the per-customer function.
      expect(got.pNone[i]).toBeCloseTo(bgNbdConditionalProbabilityOfPurchases(params, 90, 0, x, tx, T), 14);
    }
  });
});

describe('conditionalExpectedAll', () => {
  it('gives bitwise what conditionalExpected gives per customer, for every transaction model', () => {
    const data = summary(3_000, 5);
    const patterns = compressRfm(data);
    const params: Record<string, Record<string, number>> = {
      bgnbd: { r: 0.9, alpha: 25, a: 0.6, b: 8 },
      mbgnbd: { r: 0.9, alpha: 25, a: 0.6, b: 8 },
      paretonbd: { r: 0.9, alpha: 25, s: 0.7, beta: 40 },
    };
    for (const model of TRANSACTION_MODELS) {
      const all = model.conditionalExpectedAll(params[model.name], 60, data, patterns);
      for (let i = 0; i < data.T.length; i++) {
        expect(all[i], `${model.name}, customer ${i}`).toBe(
          model.conditionalExpected(params[model.name], 60, data.frequency[i], data.recency[i], data.T[i]),
        );
      }
    }
  });
});
