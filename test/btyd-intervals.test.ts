// Fit statistics and per-customer intervals of the BTYD models. The BG/NBD standard errors on the
// CDNOW sample are checked against an independent observed information: second differences of the
// log-likelihood value itself (written here, in natural parameters, no gradient code), inverted.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alivePmf,
  bgNbdConditionalProbabilityOfPurchases,
  bgNbdLikelihood,
  fitBgNbd,
  fitGammaGamma,
  fitPrecision,
  type BgNbdParams,
  type FitReport,
} from '../models/btyd/index.ts';
import { aliveCountPmf, countInterval, randomisedPit } from '../models/btyd/predictive-intervals.ts';
import { btydIntervals } from '../pipeline/btyd/btyd-intervals.ts';
import { btydStage, type BtydResult } from '../pipeline/btyd/btyd-stage.ts';
import { readRfm, type RfmSummary } from '../pipeline/btyd/rfm.ts';
import { openDatabase } from '../pipeline/db/database.ts';
import { loadCdnow } from './helpers/cdnow.ts';
import { tempDir } from './helpers/temp-db.ts';

let cleanup: () => void;
let rfm: RfmSummary;
let result: BtydResult;
let fit: FitReport<BgNbdParams>;

beforeAll(async () => {
  const made = tempDir();
  cleanup = made.cleanup;
  const db = await openDatabase(join(made.dir, 'cdnow.duckdb'));
  try {
    await loadCdnow(db, 'sample');
    rfm = await readRfm(db, { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30', unit: 'weeks' });
    result = await btydStage(db, { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30', unit: 'weeks' });
  } finally {
    db.close();
  }
  fit = fitBgNbd({ frequency: rfm.frequency, recency: rfm.recency, T: rfm.T });
});
afterAll(() => cleanup());

/** Standard errors from -H⁻¹, H by second differences of the log-likelihood in natural parameters. */
function finiteDifferenceErrors(logLik: (p: number[]) => number, at: number[]): number[] {
  const k = at.length;
  const h = at.map((v) => 1e-3 * v);
  const f = (steps: number[]) => logLik(at.map((v, i) => v + steps[i]));
  const step = (i: number, s: number, j?: number, t?: number) =>
    at.map((_, m) => (m === i ? s * h[i] : 0) + (m === j ? t! * h[j] : 0));
  const H = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) =>
      i === j
        ? (f(step(i, 1)) - 2 * f(step(i, 0)) + f(step(i, -1))) / (h[i] * h[i])
        : (f(step(i, 1, j, 1)) - f(step(i, 1, j, -1)) - f(step(i, -1, j, 1)) + f(step(i, -1, j, -1))) /
          (4 * h[i] * h[j]),
    ),
  );
  // Invert -H by Gauss-Jordan, written again here so the check shares no code with standard-errors.ts.
  const a = H.map((row, i) => [...row.map((v) => -v), ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < k; c++) {
    const pivotRow = a[c][c];
    for (let j = 0; j < 2 * k; j++) a[c][j] /= pivotRow;
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const factor = a[r][c];
      for (let j = 0; j < 2 * k; j++) a[r][j] -= factor * a[c][j];
    }
  }
  return at.map((_, i) => Math.sqrt(a[i][k + i]));
}

describe('fit statistics (churn btyd)', () => {
  it('BG/NBD standard errors on CDNOW equal an independent finite-difference Hessian to 1%', () => {
    expect(fit.params.r).toBeCloseTo(0.243, 3);
    const names = ['r', 'alpha', 'a', 'b'] as const;
    const likelihood = bgNbdLikelihood({ frequency: rfm.frequency, recency: rfm.recency, T: rfm.T });
    const independent = finiteDifferenceErrors(
      (p) => likelihood.logLik(p),
      names.map((name) => fit.params[name]),
    );
    const reported = result.models.bgnbd as { standardErrors: Record<string, number> };
    names.forEach((name, i) => {
      expect(Math.abs(reported.standardErrors[name] / independent[i] - 1), name).toBeLessThan(0.01);
    });
  });

  it('reports AIC, BIC and standard errors for every model, and the NBD boundary LR tests', () => {
    for (const name of ['bgnbd', 'paretonbd', 'mbgnbd', 'gammagamma', 'nbd']) {
      const m = result.models[name] as { logLik: number; aic: number; bic: number; standardErrors: object | null };
      const k = Object.keys((result.models[name] as { params: object }).params).length;
      expect(m.aic, name).toBeCloseTo(2 * k - 2 * m.logLik, 6);
      expect(m.bic).toBeGreaterThan(m.aic);
      expect(m.standardErrors, name).not.toBeNull();
    }
    const tests = result.comparisons.tests;
    expect(tests.map((t) => t.alternative).sort()).toEqual(['bgnbd', 'paretonbd']);
    for (const t of tests) {
      const alternative = result.models[t.alternative] as { logLik: number };
      expect(t.statistic).toBeCloseTo(2 * (alternative.logLik - (result.models.nbd as { logLik: number }).logLik), 6);
      expect(t.pValue).toBeLessThan(1e-6);
    }
    expect(result.comparisons.notNested.join(' ')).toMatch(/bgnbd vs mbgnbd/);
  });

  it('gives the Gamma-Gamma standard errors from the same observed information', () => {
    const gg = fitGammaGamma({ frequency: rfm.frequency, monetary: rfm.monetary });
    expect((result.models.gammagamma as { standardErrors: Record<string, number> }).standardErrors.p).toBeGreaterThan(
      0,
    );
    expect(gg.params.p).toBeCloseTo(6.25, 1);
  });
});

describe('predictive count distribution', () => {
  it('the recursive alive PMF equals eq. (8) term by term', () => {
    const pmf = aliveCountPmf(1.2, 10, 0.8, 2.5, 39);
    for (let n = 0; n < 8; n++) expect(pmf[n]).toBeCloseTo(alivePmf(1.2, 10, 0.8, 2.5, 39, n), 12);
    expect(pmf.reduce((s, v) => s + v, 0)).toBeGreaterThan(1 - 1e-6);
  });

  it('count intervals: equal-tailed and shortest hold at least the level, nearest is nearest to it', () => {
    const pmf = [0.5, 0.25, 0.1, 0.1, 0.05];
    expect(countInterval(pmf, 0.78, 'equal-tailed')).toMatchObject({ low: 0, high: 3 });
    expect(countInterval(pmf, 0.78, 'shortest')).toMatchObject({ low: 0, high: 2 });
    expect(countInterval(pmf, 0.78, 'nearest')).toMatchObject({ low: 0, high: 1 });
    expect(countInterval(pmf, 0.78, 'nearest').mass).toBeCloseTo(0.75, 12);
    expect(randomisedPit(pmf, 1, 0.5)).toBeCloseTo(0.625, 12);
  });
});

describe('per-customer intervals (btydIntervals)', () => {
  it('brackets the point predictions and is reproducible with a seed', () => {
    const options = { horizon: 39, draws: 60, seed: 3, spendSamples: 100 };
    const gg = fitGammaGamma({ frequency: rfm.frequency, monetary: rfm.monetary });
    const a = btydIntervals(rfm, { bgnbd: fit, gammagamma: gg }, options);
    const b = btydIntervals(rfm, { bgnbd: fit, gammagamma: gg }, options);
    expect(a.spendHigh).toEqual(b.spendHigh);
    expect(a.problems).toEqual([]);
    let inside = 0;
    for (let i = 0; i < rfm.frequency.length; i++) {
      expect(a.pAliveLow[i]).toBeLessThanOrEqual(a.pAliveHigh[i]);
      expect(a.purchasesLow[i]).toBeLessThanOrEqual(a.purchasesHigh[i]);
      const p = bgNbdConditionalProbabilityOfPurchases(fit.params, 39, 0, rfm.frequency[i], rfm.recency[i], rfm.T[i]);
      if (p > 0.9) expect(a.purchasesLow[i]).toBe(0);
      const e = a.expectedLow[i] <= a.expectedHigh[i];
      if (e) inside++;
    }
    expect(inside).toBe(rfm.frequency.length);
    // The parameter intervals have width: the sample's 2,357 customers leave the parameters uncertain.
    const i = rfm.frequency.findIndex((x) => x > 3);
    expect(a.expectedHigh[i] - a.expectedLow[i]).toBeGreaterThan(0.01);
  });

  it('covers the holdout purchases of the CDNOW sample near the nominal 80% (churn btyd --holdout-end)', () => {
    const c = result.coverage!;
    expect(c.level).toBe(0.8);
    expect(c.purchases.nearest.coverage).toBeGreaterThan(0.75);
    expect(c.purchases.nearest.coverage).toBeLessThan(0.85);
    expect(c.purchases['equal-tailed'].coverage).toBeGreaterThan(c.purchases.nearest.coverage);
    expect(c.pitCoverage).toBeGreaterThan(0.7);
    expect(c.spend!.coverage).toBeGreaterThan(0.7);
  });
});
