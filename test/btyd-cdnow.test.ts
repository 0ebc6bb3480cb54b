// The published CDNOW results, reproduced end to end: CDNOW_sample loaded into a real database, the
// RFM summary from rfm.sql, the models fitted by the btyd stage, and `churn btyd --json`.
// Published values (data/samples/cdnow/README.md): BG/NBD and Pareto/NBD from Fader, Hardie and Lee
// (2005), Marketing Science 24(2); Gamma-Gamma from Fader, Hardie and Lee (2005), JMR 42(4).
// Tolerances from the issue: parameters within 0.5%, log-likelihoods within 0.5.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bgNbdExpectedPurchases, fitBgNbd } from '../models/btyd/index.ts';
import { btydStage, type BtydResult } from '../pipeline/btyd/btyd-stage.ts';
import { readRfm, type RfmSummary } from '../pipeline/btyd/rfm.ts';
import { openDatabase } from '../pipeline/db/database.ts';
import { loadCdnow } from './helpers/cdnow.ts';
import { churn } from './helpers/cli.ts';
import { tempDir } from './helpers/temp-db.ts';

const PUBLISHED = {
  bgnbd: { params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, logLik: -9582.4 },
  paretonbd: { params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, logLik: -9595.0 },
  gammagamma: { params: { p: 6.25, q: 3.74, gamma: 15.44 } },
};

let dir: string;
let cleanup: () => void;
let dbPath: string;
let rfm: RfmSummary;
let result: BtydResult;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  dbPath = join(dir, 'cdnow.duckdb');
  const db = await openDatabase(dbPath);
  try {
    await loadCdnow(db, 'sample');
    rfm = await readRfm(db, { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30', unit: 'weeks' });
    result = await btydStage(db, { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30', unit: 'weeks' });
  } finally {
    db.close();
  }
});
afterAll(() => cleanup());

function expectParams(actual: Record<string, number>, published: Record<string, number>) {
  for (const [name, value] of Object.entries(published)) {
    expect(Math.abs(actual[name] / value - 1), `${name}: ${actual[name]} vs published ${value}`).toBeLessThan(0.005);
  }
}

describe('RFM summary (rfm.sql)', () => {
  it('has the 2,357 customers of the literature, 1,411 without repeat purchases', () => {
    expect(rfm.customerIds).toHaveLength(2357);
    expect(rfm.frequency.filter((x) => x === 0)).toHaveLength(1411);
    expect(rfm.durationHoldout).toBe(39);
  });

  it('matches the published per-customer summary (x, t_x, T, mean repeat spend)', () => {
    // First rows of cdnow_customers_summary_with_transactions.csv as distributed with lifetimes (MIT).
    const published = [
      [2, 30.43, 38.86, 22.35],
      [1, 1.71, 38.86, 11.77],
      [0, 0, 38.86, 0],
      [0, 0, 38.86, 0],
      [0, 0, 38.86, 0],
      [7, 29.43, 38.86, 73.74],
      [1, 5.0, 38.86, 11.77],
      [0, 0, 38.86, 0],
      [2, 35.71, 38.86, 25.55],
      [0, 0, 38.86, 0],
      [5, 24.43, 38.86, 29.44],
      [10, 34.14, 38.86, 24.24],
    ];
    const ids = ['0001', '0002', '0003', '0004', '0005', '0006', '0007', '0008', '0009', '0010', '0011', '0017'];
    ids.forEach((id, k) => {
      const i = rfm.customerIds.indexOf(id);
      const [x, tx, T, m] = published[k];
      expect(rfm.frequency[i]).toBe(x);
      expect(rfm.recency[i]).toBeCloseTo(tx, 2);
      expect(rfm.T[i]).toBeCloseTo(T, 2);
      expect(Math.abs(rfm.monetary[i] - m)).toBeLessThan(0.006);
    });
  });
});

describe('published CDNOW estimates', () => {
  it('BG/NBD: parameters and log-likelihood', () => {
    const m = result.models.bgnbd;
    if (!('params' in m)) throw new Error(m.error);
    expect(m.converged).toBe(true);
    expectParams(m.params, PUBLISHED.bgnbd.params);
    expect(Math.abs(m.logLik - PUBLISHED.bgnbd.logLik)).toBeLessThan(0.5);
  });

  it('Pareto/NBD: parameters and log-likelihood', () => {
    const m = result.models.paretonbd;
    if (!('params' in m)) throw new Error(m.error);
    expect(m.converged).toBe(true);
    expectParams(m.params, PUBLISHED.paretonbd.params);
    expect(Math.abs(m.logLik - PUBLISHED.paretonbd.logLik)).toBeLessThan(0.5);
  });

  it('Gamma-Gamma: parameters on the 946 customers with repeat purchases', () => {
    const m = result.models.gammagamma;
    if (!('params' in m)) throw new Error(m.error);
    expect(m.customers).toBe(946);
    expectParams(m.params, PUBLISHED.gammagamma.params);
  });

  it('MBG/NBD: the BTYDplus estimates (r 0.525, alpha 6.183, a 0.891, b 1.614, as quoted by lifetimes tests)', () => {
    const m = result.models.mbgnbd;
    if (!('params' in m)) throw new Error(m.error);
    expectParams(m.params, { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 });
  });

  it("E[X(t)] at the fitted BG/NBD parameters matches Hardie's spreadsheet (as quoted by lifetimes tests)", () => {
    const m = result.models.bgnbd;
    if (!('params' in m)) throw new Error(m.error);
    const times = [0.1429, 1.0, 3.0, 31.8571, 32.0, 78.0];
    const expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    times.forEach((t, i) => expect(bgNbdExpectedPurchases(m.params as never, t)).toBeCloseTo(expected[i], 3));
  });

  it('days and weeks give the same model (alpha scales by 7, the likelihood by a constant)', () => {
    const days = fitBgNbd({
      frequency: rfm.frequency,
      recency: rfm.recency.map((v) => v * 7),
      T: rfm.T.map((v) => v * 7),
    });
    const m = result.models.bgnbd;
    if (!('params' in m)) throw new Error(m.error);
    expect(days.params.r).toBeCloseTo(m.params.r, 5);
    expect(days.params.alpha / 7).toBeCloseTo(m.params.alpha, 3);
    expect(days.params.b).toBeCloseTo(m.params.b, 5);
  });
});

describe('holdout comparison', () => {
  it('compares totals, customers and weeks', () => {
    const h = result.holdout!;
    expect(h.start).toBe('1997-10-01');
    expect(h.customers).toBe(2357);
    expect(h.actual.repeatPurchases).toBe(rfm.frequencyHoldout.reduce((s, v) => s + v, 0));
    for (const name of ['bgnbd', 'paretonbd', 'mbgnbd']) {
      expect(Math.abs(h.models[name].predicted / h.actual.repeatPurchases - 1)).toBeLessThan(0.2);
      expect(h.models[name].correlation).toBeGreaterThan(0.5);
    }
    expect(h.byFrequency.map((r) => r.frequency)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(h.byFrequency.reduce((s, r) => s + r.customers, 0)).toBe(2357);
    // 78 weeks from 1997-01-01 to 1998-06-30; the actual line ends at the total of all repeat purchases.
    expect(h.cumulative).toHaveLength(78);
    const last = h.cumulative.at(-1)!;
    expect(last.actual).toBe(rfm.frequency.reduce((s, v) => s + v, 0) + h.actual.repeatPurchases);
    expect(Math.abs(last.predicted.bgnbd / last.actual - 1)).toBeLessThan(0.1);
  });
});

describe('churn btyd', () => {
  it('--json has the documented shape', () => {
    const r = churn([
      'btyd',
      '--db',
      dbPath,
      '--calibration-end',
      '1997-09-30',
      '--holdout-end',
      '1998-06-30',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out.models.bgnbd.params)).toEqual(['r', 'alpha', 'a', 'b']);
    expect(Object.keys(out.models.paretonbd.params)).toEqual(['r', 'alpha', 's', 'beta']);
    expect(Object.keys(out.models.gammagamma.params)).toEqual(['p', 'q', 'gamma']);
    for (const name of ['bgnbd', 'paretonbd', 'gammagamma']) {
      expect(out.models[name]).toMatchObject({
        converged: true,
        logLik: expect.any(Number),
        seconds: expect.any(Number),
      });
    }
    expect(out.models.gammagamma.customers).toBe(946);
    expect(out.holdout.models.bgnbd).toMatchObject({
      predicted: expect.any(Number),
      correlation: expect.any(Number),
      mae: expect.any(Number),
    });
  });

  it('prints a table for people, and refuses a holdout before the calibration end', () => {
    const r = churn(['btyd', '--db', dbPath, '--calibration-end', '1997-09-30', '--unit', 'days']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^bgnbd +r 0\.2426, alpha 30\.\d+/m);
    const bad = churn(['btyd', '--db', dbPath, '--calibration-end', '1997-09-30', '--holdout-end', '1997-01-01']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('must be after --calibration-end');
    expect(churn(['btyd', '--db', dbPath]).stderr).toContain('--calibration-end is required');
  });
});
