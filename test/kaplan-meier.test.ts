// Kaplan-Meier curves, Greenwood bands, median and restricted mean, and the log-rank test (models/survival/)
// against reference values, to 1e-9. Where the reference values come from:
//   [statsmodels] test/fixtures/survival/*.json, written by bench/reference/kaplan-meier-reference.py from
//                 the CSV beside each (statsmodels 0.13.5 SurvfuncRight and survdiff, scipy 1.17.1); the
//                 test reads the committed JSON and never runs Python.
//   [published]   Freireich et al. (1963), Blood 21, 699-716: remission times of 6-MP against placebo, as
//                 tabulated with R's survfit(conf.type = "log-log") and survdiff in many textbooks (e.g.
//                 Kleinbaum and Klein, Survival Analysis, 3rd ed. 2012, chapter 2): 6-MP S(t) 0.857 (0.620,
//                 0.952) at 6 weeks ... 0.448 (0.188, 0.680) at 23; medians 23 and 8; chi-square 16.79.
//   [hand]        the small example below, worked out in the comments.
import { readFileSync } from 'node:fs';
import { demoLifetimesCsv } from './helpers/subscription-demo-lifetimes.ts';
import { tempDir } from './helpers/temp-db.ts';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  chiSquareSurvival,
  gammaP,
  gammaQ,
  kaplanMeier,
  logRank,
  medianSurvival,
  normalQuantile,
  restrictedMean,
  SurvivalError,
  type KaplanMeierCurve,
  type SurvivalData,
} from '../models/survival/index.ts';

const FIXTURES = resolve(import.meta.dirname, 'fixtures/survival');
const TOL = 1e-9;

interface Rows {
  durations: number[];
  events: number[];
  groups: string[];
}

function readCsv(name: string): Rows {
  const [, ...lines] = readFileSync(resolve(FIXTURES, name), 'utf8').trim().split('\n');
  const cells = lines.map((l) => l.split(','));
  return {
    durations: cells.map((c) => Number(c[0])),
    events: cells.map((c) => Number(c[1])),
    groups: cells.map((c) => c[2]),
  };
}

/** The reference JSON writes NaN as null and infinities as strings (JSON has neither). */
function readJson(name: string) {
  return JSON.parse(readFileSync(resolve(FIXTURES, name), 'utf8'), (_, v) =>
    v === null ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v,
  );
}

function subset(rows: Rows, group?: string): SurvivalData {
  const keep = rows.groups.map((g) => group === undefined || g === group);
  return { durations: rows.durations.filter((_, i) => keep[i]), events: rows.events.filter((_, i) => keep[i]) };
}

function byGroup(rows: Rows, names: string[]): SurvivalData[] {
  return names.map((g) => subset(rows, g));
}

/** Equal to within tol, NaN equal to NaN, infinities equal to themselves. */
function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = TOL, what = ''): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const [a, e] = [actual[i], expected[i]];
    const ok = Number.isNaN(e) ? Number.isNaN(a) : e === a || Math.abs(a - e) <= tol;
    if (!ok) expect(a, `${what}[${i}]`).toBe(e);
  }
}

/** The curve at its event times: the points the reference lists. */
function atEvents(curve: KaplanMeierCurve) {
  const idx = [...curve.times.keys()].filter((i) => curve.events[i] > 0);
  const pick = (a: Float64Array) => idx.map((i) => a[i]);
  return {
    times: pick(curve.times),
    atRisk: pick(curve.atRisk),
    events: pick(curve.events),
    survival: pick(curve.survival),
    variance: pick(curve.variance),
    lower: pick(curve.lower),
    upper: pick(curve.upper),
    linearLower: pick(curve.linearLower),
    linearUpper: pick(curve.linearUpper),
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function expectCurveMatches(data: SurvivalData, ref: any, what: string): void {
  const curve = kaplanMeier(data);
  const got = atEvents(curve);
  expect(got.times, what).toEqual(ref.times);
  expect(got.atRisk, what).toEqual(ref.atRisk);
  expect(got.events, what).toEqual(ref.events);
  close(got.survival, ref.survival, TOL, `${what} survival`);
  close(got.variance, ref.variance, TOL, `${what} variance`);
  close(got.lower, ref.logLogLower, TOL, `${what} log-log lower`);
  close(got.upper, ref.logLogUpper, TOL, `${what} log-log upper`);
  close(got.linearLower, ref.linearLower, TOL, `${what} linear lower`);
  close(got.linearUpper, ref.linearUpper, TOL, `${what} linear upper`);
  const median = medianSurvival(curve);
  close([median.median, median.lower, median.upper], [ref.median, ...ref.medianCiLogLog], TOL, `${what} median`);
  const linear = medianSurvival(curve, 'linear');
  close([linear.lower, linear.upper], ref.medianCiLinear, TOL, `${what} median (linear band)`);
  const rm = restrictedMean(curve, ref.restrictedMean.horizon);
  close([rm.mean, rm.se], [ref.restrictedMean.mean, ref.restrictedMean.se], TOL, `${what} restricted mean`);
}

function expectLogRankMatches(
  result: ReturnType<typeof logRank>,
  ref: { statistic: number; df: number; pValue: number },
) {
  expect(result.df).toBe(ref.df);
  close([result.statistic], [ref.statistic], TOL, 'log-rank statistic');
  // Relative: p-values run down to 1e-300 and below.
  expect(Math.abs(result.pValue - ref.pValue)).toBeLessThanOrEqual(TOL * ref.pValue);
}

describe.each(['hand', 'freireich', 'generated', 'demo'])('%s: equal to statsmodels to 1e-9', (name) => {
  const rows = readCsv(`${name}.csv`);
  const ref = readJson(`${name}.json`);

  it('pooled curve: S(t), Greenwood variance, both bands, median with its interval, restricted mean', () => {
    expectCurveMatches(subset(rows), ref.all, 'all');
  });

  it('each group', () => {
    for (const [group, groupRef] of Object.entries(ref.groups))
      expectCurveMatches(subset(rows, group), groupRef, group);
  });

  it('log-rank statistic and p-value', () => {
    expectLogRankMatches(logRank(byGroup(rows, ref.logRank.groups)), ref.logRank);
  });

  it('the same from aggregated rows with counts as weights', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < rows.durations.length; i++) {
      const key = `${rows.durations[i]},${rows.events[i]},${rows.groups[i]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const agg = [...counts].map(([k, w]) => [...k.split(','), w] as [string, string, string, number]);
    const data = (group?: string) => {
      const sel = agg.filter((r) => group === undefined || r[2] === group);
      return {
        durations: sel.map((r) => Number(r[0])),
        events: sel.map((r) => Number(r[1])),
        weights: sel.map((r) => r[3]),
      };
    };
    // The hand example and the demo's lifetimes (fractional months) have no two identical rows; the
    // others do, so their weights are not all 1.
    if (name !== 'hand' && name !== 'demo') expect(agg.length).toBeLessThan(rows.durations.length);
    expectCurveMatches(data(), ref.all, 'all (weighted)');
    expectLogRankMatches(logRank(ref.logRank.groups.map(data)), ref.logRank);
  });
});

describe('the subscription demo', () => {
  it("demo.csv is the demo's lifetimes (1,500 customers, seed 42): what the report's curves are drawn from", async () => {
    const { dir, cleanup } = tempDir();
    try {
      expect(await demoLifetimesCsv(dir)).toBe(readFileSync(resolve(FIXTURES, 'demo.csv'), 'utf8'));
    } finally {
      cleanup();
    }
  }, 60_000);
});

describe('hand example', () => {
  // duration,event: 1,1 2,1 2,1 2,0 3,1 4,0 4,0 5,1 5,1 6,0 (groups a, b in hand.csv).
  //   t=1: n=10 d=1 S=0.9;      t=2: n=9 d=2 S=0.9·7/9=0.7 (the censoring at 2 is still at risk at 2);
  //   t=3: n=6 d=1 S=0.7·5/6;   t=5: n=3 d=2 S=0.58333·1/3=0.194444 (two censored at 4 left the risk set).
  //   Greenwood sum at 5: 1/(10·9) + 2/(9·7) + 1/(6·5) + 2/(3·1) = 0.742857; Var = 0.194444² · 0.742857.
  //   Median 5 (the first S <= 0.5). Restricted mean to 6: 1 + 0.9 + 0.7 + 0.58333·2 + 0.194444 = 3.961111.
  //   Log-rank, group a: O = 3, E = 5/10 + 2·4/9 + 2/6 + 2·1/3 = 2.388889, V = 0.25 + 0.432099 + 0.222222
  //   + 0.222222 = 1.126543, chi-square (O-E)²/V = 0.331507.
  const rows = readCsv('hand.csv');
  const curve = kaplanMeier(subset(rows));

  it('gives the values worked out by hand', () => {
    expect([...curve.times]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...curve.atRisk]).toEqual([10, 9, 6, 5, 3, 1]);
    expect([...curve.censored]).toEqual([0, 1, 0, 2, 0, 1]);
    close(curve.survival, [0.9, 0.7, 0.7 * (5 / 6), 0.7 * (5 / 6), (0.7 * 5) / 6 / 3, (0.7 * 5) / 6 / 3], 1e-12);
    const greenwood = 1 / 90 + 2 / 63 + 1 / 30 + 2 / 3;
    expect(curve.variance[4]).toBeCloseTo(((0.7 * 5) / 18) ** 2 * greenwood, 12);
    expect(medianSurvival(curve).median).toBe(5);
    expect(restrictedMean(curve, 6).mean).toBeCloseTo(1 + 0.9 + 0.7 + (0.7 * 5 * 2) / 6 + (0.7 * 5) / 18, 12);
    const test = logRank(byGroup(rows, ['a', 'b']));
    expect(test.observed).toEqual([3, 3]);
    expect(test.expected[0]).toBeCloseTo(0.5 + 8 / 9 + 1 / 3 + 2 / 3, 12);
    expect(test.statistic).toBeCloseTo(
      (3 - (0.5 + 8 / 9 + 1 / 3 + 2 / 3)) ** 2 / (0.25 + (1.75 * 20) / 81 + 2 / 9 + 2 / 9),
      12,
    );
  });

  it('censored-only times keep S and its band from the event before', () => {
    expect(curve.survival[3]).toBe(curve.survival[2]);
    expect(curve.lower[3]).toBe(curve.lower[2]);
    expect(curve.variance[5]).toBe(curve.variance[4]);
  });
});

describe('Freireich 6-MP data: published values', () => {
  const rows = readCsv('freireich.csv');
  const mp = kaplanMeier(subset(rows, '6-MP'));
  const placebo = kaplanMeier(subset(rows, 'placebo'));

  it('6-MP curve and log-log band to the published 3 decimals', () => {
    const table = [
      [6, 21, 0.857, 0.62, 0.952],
      [7, 17, 0.807, 0.563, 0.923],
      [10, 15, 0.753, 0.503, 0.889],
      [13, 12, 0.69, 0.432, 0.849],
      [16, 11, 0.627, 0.368, 0.805],
      [22, 7, 0.538, 0.268, 0.747],
      [23, 6, 0.448, 0.188, 0.68],
    ];
    const got = atEvents(mp);
    expect(got.times).toEqual(table.map((r) => r[0]));
    expect(got.atRisk).toEqual(table.map((r) => r[1]));
    close(
      got.survival,
      table.map((r) => r[2]),
      5e-4,
    );
    close(
      got.lower,
      table.map((r) => r[3]),
      5e-4,
    );
    close(
      got.upper,
      table.map((r) => r[4]),
      5e-4,
    );
  });

  it('medians 23 and 8 weeks; the placebo curve reaches 0 with no band there; log-rank chi-square 16.79', () => {
    expect(medianSurvival(mp).median).toBe(23);
    expect(medianSurvival(placebo).median).toBe(8);
    const last = placebo.times.length - 1;
    expect(placebo.survival[last]).toBe(0);
    expect([placebo.variance[last], placebo.lower[last], placebo.upper[last]]).toEqual([NaN, NaN, NaN]);
    const test = logRank(byGroup(rows, ['6-MP', 'placebo']));
    expect(test.statistic).toBeCloseTo(16.79, 2);
    expect(test.df).toBe(1);
    expect(test.pValue).toBeCloseTo(4.17e-5, 7);
  });

  it('restricted mean of the uncensored placebo group is the sample mean, its se the sd over sqrt(n)', () => {
    const weeks = subset(rows, 'placebo').durations as number[];
    const mean = weeks.reduce((a, b) => a + b, 0) / weeks.length;
    const sd = Math.sqrt(weeks.reduce((a, b) => a + (b - mean) ** 2, 0) / weeks.length);
    const rm = restrictedMean(placebo, 23);
    expect(rm.mean).toBeCloseTo(182 / 21, 12);
    expect(rm.se).toBeCloseTo(sd / Math.sqrt(weeks.length), 12);
  });
});

describe('special functions against scipy', () => {
  const ref = readJson('gamma.json');

  it('regularised upper incomplete gamma Q(a, x), and P = 1 - Q', () => {
    for (const { a, x, q } of ref.gammaincc) {
      expect(Math.abs(gammaQ(a, x) - q), `Q(${a}, ${x})`).toBeLessThanOrEqual(1e-12 * Math.max(q, 1e-300));
      expect(Math.abs(gammaP(a, x) - (1 - q)), `P(${a}, ${x})`).toBeLessThanOrEqual(1e-12);
    }
  });

  it('chi-square tail', () => {
    for (const { x, df, p } of ref.chi2sf) {
      expect(Math.abs(chiSquareSurvival(x, df) - p), `chi2.sf(${x}, ${df})`).toBeLessThanOrEqual(1e-12 * p);
    }
  });

  it('normal quantile', () => {
    for (const { p, z } of ref.normPpf) close([normalQuantile(p)], [z], 1e-14 * Math.max(1, Math.abs(z)), `z(${p})`);
    expect(kaplanMeier({ durations: [1], events: [1] }).z).toBe(normalQuantile(0.975));
  });
});

describe('edge cases', () => {
  it('all censored: S stays 1, no median, no interval, the restricted mean is the horizon, no log-rank test', () => {
    const data = { durations: [3, 1, 2, 2], events: [0, 0, 0, 0] };
    const curve = kaplanMeier(data);
    expect([...curve.survival]).toEqual([1, 1, 1]);
    expect([...curve.variance]).toEqual([0, 0, 0]);
    expect([...curve.lower, ...curve.upper]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(medianSurvival(curve)).toEqual({ median: NaN, lower: NaN, upper: NaN });
    expect(restrictedMean(curve, 10)).toEqual({ horizon: 10, mean: 10, se: 0 });
    const test = logRank([data, { durations: [4], events: [0] }]);
    expect(test).toMatchObject({ observed: [0, 0], expected: [0, 0], df: 0, statistic: NaN, pValue: NaN });
  });

  it('no rows: an empty curve', () => {
    const curve = kaplanMeier({ durations: [], events: [] });
    expect(curve.times.length).toBe(0);
    expect(medianSurvival(curve).median).toBeNaN();
    expect(restrictedMean(curve, 5).mean).toBe(5);
  });

  it('one row', () => {
    const died = kaplanMeier({ durations: [4], events: [1] });
    expect([...died.survival]).toEqual([0]);
    expect(died.variance[0]).toBeNaN();
    expect(medianSurvival(died).median).toBe(4);
    expect(restrictedMean(died, 10).mean).toBe(4);
    const censored = kaplanMeier({ durations: [4], events: [0] });
    expect([...censored.survival, ...censored.atRisk, ...censored.censored]).toEqual([1, 1, 1]);
  });

  it('a weight equals that many repeated rows; weight 0 leaves the row out', () => {
    const weighted = kaplanMeier({ durations: [5, 2, 2, 7, 9], events: [1, 1, 0, 1, 0], weights: [3, 2, 4, 0, 1] });
    const repeated = kaplanMeier({ durations: [5, 5, 5, 2, 2, 2, 2, 2, 2, 9], events: [1, 1, 1, 1, 1, 0, 0, 0, 0, 0] });
    expect(weighted).toEqual(repeated);
    const a = { durations: [1, 3, 3, 6], events: [1, 1, 0, 1], weights: [2, 1, 3, 1] };
    const b = { durations: [2, 3, 4], events: [1, 1, 0], weights: [1, 2, 2] };
    const expand = (g: { durations: number[]; events: number[]; weights: number[] }): SurvivalData => ({
      durations: g.durations.flatMap((d, i) => Array(g.weights[i]).fill(d)),
      events: g.events.flatMap((e, i) => Array(g.weights[i]).fill(e)),
    });
    expect(logRank([a, b])).toEqual(logRank([expand(a), expand(b)]));
  });

  it('refuses bad input with a message naming the value', () => {
    const bad = (data: SurvivalData) => () => kaplanMeier(data);
    expect(bad({ durations: [1, -2], events: [1, 0] })).toThrow(
      /^durations\[1\] is -2: expected a finite number >= 0$/,
    );
    expect(bad({ durations: [1, NaN], events: [1, 0] })).toThrow(/durations\[1\] is NaN/);
    expect(bad({ durations: [1, 2], events: [1, 2] })).toThrow(
      /^events\[1\] is 2: expected 0 \(censored\) or 1 \(event\)$/,
    );
    expect(bad({ durations: [1, 2], events: [1] })).toThrow(/events has 1 values, durations 2/);
    expect(bad({ durations: [1], events: [1], weights: [-1] })).toThrow(/weights\[0\] is -1/);
    expect(() => kaplanMeier({ durations: [1], events: [1] }, { level: 1 })).toThrow(/level is 1/);
    expect(() => logRank([{ durations: [1], events: [1] }])).toThrow(SurvivalError);
    expect(() => restrictedMean(kaplanMeier({ durations: [1], events: [1] }), -1)).toThrow(/horizon is -1/);
  });
});
