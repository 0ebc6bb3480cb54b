// The contractual retention models (models/btyd/shifted-beta-geometric.ts, beta-discrete-weibull.ts)
// against Fader and Hardie (2007), "How to Project Customer Retention", J. Interactive Marketing 21(1):
// Table 1's survivors per 1,000 (years 0-7) fitted give the paper's α and β, and project years 8-12
// as the paper's Figure 4 / text does. DERL is checked against its defining sum, computed here from
// S(t) = B(α, β + t)/B(α, β) directly (not the model's recursion), and against the value quoted in the
// README of jdmaturen/shifted_beta_geometric_py (7.530 for the high-end survivors, d = 10%).
import { describe, expect, it } from 'vitest';
import {
  bdwCurve,
  bdwLikelihood,
  bdwSurvivalCurve,
  cohortRetentionData,
  customerRetentionData,
  fitBdw,
  fitSbg,
  lbeta,
  mergeRetentionData,
  RETENTION_MODELS,
  sbgChurnProbability,
  sbgCurve,
  sbgDerl,
  sbgExpectedResidualLifetime,
  sbgLikelihood,
  sbgProjectedSurvivors,
  sbgResidualValue,
  sbgRetentionRate,
  sbgSurvival,
  sbgSurvivalCurve,
  type RetentionCustomer,
  type RetentionData,
  type SbgParams,
} from '../models/btyd/index.ts';

const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241];
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491];
// Years 8-12: the paper's projections, and what actually happened.
const PROJECTED = { regular: [220.1, 204.4, 191.2, 179.9, 170.0], highEnd: [460.4, 435.8, 414.2, 395.1, 378.0] };
const ACTUAL = { regular: [223, 207, 194, 183, 173], highEnd: [468, 445, 427, 409, 394] };

const cases = [
  {
    name: 'regular',
    survivors: REGULAR,
    alpha: 0.704,
    beta: 1.182,
    projected: PROJECTED.regular,
    actual: ACTUAL.regular,
  },
  {
    name: 'high end',
    survivors: HIGH_END,
    alpha: 0.668,
    beta: 3.806,
    projected: PROJECTED.highEnd,
    actual: ACTUAL.highEnd,
  },
];

describe('sBG reproduces Fader and Hardie (2007)', () => {
  for (const c of cases) {
    const fit = fitSbg(cohortRetentionData(c.survivors));
    const projected = sbgProjectedSurvivors(fit.params, 1000, 12).slice(8);

    it(`${c.name}: α ${fit.params.alpha.toFixed(4)}, β ${fit.params.beta.toFixed(4)} (paper ${c.alpha}, ${c.beta}), LL ${fit.logLik.toFixed(2)}`, () => {
      expect(fit.converged).toBe(true);
      expect(Math.abs(fit.params.alpha / c.alpha - 1)).toBeLessThan(0.005);
      expect(Math.abs(fit.params.beta / c.beta - 1)).toBeLessThan(0.005);
      expect(fit.params.alpha.toFixed(3)).toBe(c.alpha.toFixed(3));
      expect(fit.params.beta.toFixed(3)).toBe(c.beta.toFixed(3));
    });

    it(`${c.name}: years 8-12 projected ${projected.map((v) => v.toFixed(1)).join(', ')} (paper ${c.projected.map((v) => v.toFixed(1)).join(', ')}; actual ${c.actual.join(', ')})`, () => {
      expect(projected.map((v) => v.toFixed(1))).toEqual(c.projected.map((v) => v.toFixed(1)));
    });
  }

  it('the fit report adds standard errors equal to the inverse of a finite-difference information matrix, AIC and BIC', () => {
    const data = cohortRetentionData(REGULAR);
    const fit = fitSbg(data);
    const ll = sbgLikelihood(data).logLik;
    // -d²LL by second differences of the log-likelihood itself, in natural parameters.
    const p = [fit.params.alpha, fit.params.beta];
    const h = p.map((v) => 1e-4 * v);
    const at = (da: number, db: number) => ll([p[0] + da * h[0], p[1] + db * h[1]]);
    const haa = -(at(1, 0) - 2 * at(0, 0) + at(-1, 0)) / (h[0] * h[0]);
    const hbb = -(at(0, 1) - 2 * at(0, 0) + at(0, -1)) / (h[1] * h[1]);
    const hab = -(at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h[0] * h[1]);
    const det = haa * hbb - hab * hab;
    expect(fit.standardErrors!.alpha).toBeCloseTo(Math.sqrt(hbb / det), 4);
    expect(fit.standardErrors!.beta).toBeCloseTo(Math.sqrt(haa / det), 4);
    expect(fit.aic).toBeCloseTo(4 - 2 * fit.logLik, 9);
    expect(fit.bic).toBeCloseTo(2 * Math.log(1000) - 2 * fit.logLik, 9);
  });
});

describe('sBG predictions', () => {
  const params: SbgParams = { alpha: 0.668, beta: 3.806 };
  const survival = (t: number) => Math.exp(lbeta(params.alpha, params.beta + t) - lbeta(params.alpha, params.beta));

  it('S(t), P(T = t) and r(t) agree with the beta-function forms (eqs. 3, 4, 8)', () => {
    for (const t of [1, 2, 5, 12, 100]) {
      expect(sbgSurvival(params, t)).toBeCloseTo(survival(t), 12);
      const pmf = Math.exp(lbeta(params.alpha + 1, params.beta + t - 1) - lbeta(params.alpha, params.beta));
      expect(sbgChurnProbability(params, t)).toBeCloseTo(pmf, 12);
      expect(sbgRetentionRate(params, t)).toBeCloseTo(survival(t) / survival(t - 1), 12);
    }
    expect(sbgSurvivalCurve(params, 0)[0]).toBe(1);
  });

  it('DERL equals its truncated sum of discounted survival to 1e-9, and the published 7.530', () => {
    for (const [d, n] of [
      [0.1, 1],
      [0.1, 8],
      [0.02, 3],
      [0.5, 20],
    ]) {
      let sum = 0;
      for (let t = n; ; t++) {
        const term = survival(t) / survival(n - 1) / (1 + d) ** (t - n);
        sum += term;
        if (term < 1e-16) break;
      }
      expect(Math.abs(sbgDerl(params, d, n) - sum)).toBeLessThan(1e-9);
    }
    // The high-end cohort's survivors after year 7 have made 7 renewals: n = 8, at the fitted parameters.
    const fitted = fitSbg(cohortRetentionData(HIGH_END)).params;
    expect(sbgDerl(fitted, 0.1, 8).toFixed(3)).toBe('7.530');
    expect(sbgResidualValue(fitted, 10, 0.1, 8)).toBeCloseTo(10 * sbgDerl(fitted, 0.1, 8), 12);
  });

  it('the undiscounted residual lifetime: (β + n - 1)/(α - 1) for α > 1, the sum of S; infinite for α <= 1', () => {
    const p = { alpha: 4.5, beta: 3 };
    let sum = 0;
    for (let t = 4; t < 100_000; t++) sum += Math.exp(lbeta(p.alpha, p.beta + t) - lbeta(p.alpha, p.beta + 3));
    expect(sbgExpectedResidualLifetime(p, 4)).toBeCloseTo(sum, 5);
    expect(sbgDerl(p, 0, 4)).toBe(sbgExpectedResidualLifetime(p, 4));
    expect(sbgExpectedResidualLifetime(params, 4)).toBe(Infinity);
  });

  it('refuses periods that are not whole numbers and negative discount rates', () => {
    expect(() => sbgSurvival(params, 1.5)).toThrow(/whole number of periods/);
    expect(() => sbgRetentionRate(params, 0)).toThrow(/t must be a whole number of periods >= 1, got 0/);
    expect(() => sbgDerl(params, -0.1, 2)).toThrow(/discount rate must be >= 0/);
  });
});

describe('retention data', () => {
  /** The customers behind a cohort's survivor counts, observed `horizon` periods. */
  const customersOf = (survivors: number[]): RetentionCustomer[] =>
    survivors.flatMap((n, t) => [
      ...(t > 0 ? Array.from({ length: survivors[t - 1] - n }, () => ({ periods: t, churned: true })) : []),
      ...(t === survivors.length - 1 ? Array.from({ length: n }, () => ({ periods: t, churned: false })) : []),
    ]);

  it('one row per customer gives the same fit as the cohort counts', () => {
    const cohort = fitSbg(cohortRetentionData(REGULAR));
    const customers = fitSbg(customerRetentionData(customersOf(REGULAR)));
    expect(customers.customers).toBe(1000);
    expect(customers.params.alpha).toBeCloseTo(cohort.params.alpha, 10);
    expect(customers.params.beta).toBeCloseTo(cohort.params.beta, 10);
    expect(customers.logLik).toBeCloseTo(cohort.logLik, 8);
  });

  it('cohorts observed for different lengths pool as their customers do', () => {
    // A younger cohort seen for 3 years only: its survivors after year 3 are censored there.
    const young = [1000, 640, 470, 390];
    const pooled = fitSbg(mergeRetentionData([cohortRetentionData(REGULAR), cohortRetentionData(young)]));
    const rows = fitSbg(customerRetentionData([...customersOf(REGULAR), ...customersOf(young)]));
    expect(rows.params.alpha).toBeCloseTo(pooled.params.alpha, 10);
    expect(rows.params.beta).toBeCloseTo(pooled.params.beta, 10);
    expect(pooled.customers).toBe(2000);
  });

  it('refuses impossible counts with a message naming the entry', () => {
    expect(() => cohortRetentionData([1000, 600, 650])).toThrow('survivors[2] = 650 is more than survivors[1] = 600');
    expect(() => cohortRetentionData([1000, -1])).toThrow('survivors[1] = -1: expected a count >= 0');
    expect(() => cohortRetentionData([1000])).toThrow(/at least one period/);
    expect(() => customerRetentionData([{ periods: 0, churned: true }])).toThrow(
      'customer 0: periods 0 must be a whole number >= 1 for a churned customer',
    );
    expect(() => customerRetentionData([])).toThrow(/no customers/);
  });
});

describe('analytical gradients match finite differences', () => {
  const data: RetentionData = mergeRetentionData([cohortRetentionData(REGULAR), cohortRetentionData([500, 400, 330])]);
  const check = (likelihood: ReturnType<typeof sbgLikelihood>, at: number[]) => {
    const g = likelihood.gradient!(at);
    at.forEach((v, k) => {
      const h = 1e-6 * v;
      const up = at.map((u, i) => (i === k ? u + h : u));
      const down = at.map((u, i) => (i === k ? u - h : u));
      const numeric = (likelihood.logLik(up) - likelihood.logLik(down)) / (2 * h);
      expect(g[k]).toBeCloseTo(numeric, 3);
    });
  };
  it('sBG', () => check(sbgLikelihood(data), [0.7, 1.2]));
  it('BdW', () => check(bdwLikelihood(data), [0.5, 0.8, 1.3]));
});

describe('beta-discrete-Weibull (Fader, Hardie, Liu, Davin and Steenburgh 2018)', () => {
  it('with c = 1 it is the sBG: the same curve and likelihood', () => {
    const bdw = bdwCurve([0.704, 1.182, 1], 30);
    const sbg = sbgCurve([0.704, 1.182], 30);
    for (let t = 1; t <= 30; t++) {
      expect(bdw.logSurvival[t]).toBeCloseTo(sbg.logSurvival[t], 12);
      expect(bdw.logChurn[t]).toBeCloseTo(sbg.logChurn[t], 10);
    }
    const data = cohortRetentionData(HIGH_END);
    expect(bdwLikelihood(data).logLik([0.668, 3.806, 1])).toBeCloseTo(sbgLikelihood(data).logLik([0.668, 3.806]), 9);
  });

  for (const c of cases) {
    const sbg = fitSbg(cohortRetentionData(c.survivors));
    const bdw = fitBdw(cohortRetentionData(c.survivors));
    const projected = Array.from(bdwSurvivalCurve(bdw.params, 12).slice(8), (s) => 1000 * s);
    it(`${c.name}: α ${bdw.params.alpha.toFixed(3)}, β ${bdw.params.beta.toFixed(3)}, c ${bdw.params.c.toFixed(3)}, LL ${bdw.logLik.toFixed(2)} (sBG ${sbg.logLik.toFixed(2)}); years 8-12 ${projected.map((v) => v.toFixed(1)).join(', ')} (actual ${c.actual.join(', ')})`, () => {
      expect(bdw.converged).toBe(true);
      // The sBG is the BdW at c = 1, so the BdW's maximum is at least as high.
      expect(bdw.logLik).toBeGreaterThanOrEqual(sbg.logLik - 1e-9);
      expect(bdw.standardErrors).not.toBeNull();
    });
  }
});

describe('the retention models behind one interface', () => {
  it('fits each model on a cohort and gives its survival curve', () => {
    const data = cohortRetentionData(REGULAR);
    expect(RETENTION_MODELS.map((m) => m.name)).toEqual(['sbg', 'bdw']);
    for (const model of RETENTION_MODELS) {
      const fit = model.fit(data);
      const curve = model.survivalCurve(fit.params, 7);
      expect(curve.length).toBe(8);
      expect(curve[0]).toBe(1);
      // Both fit the observed years closely: within 7 per 1,000 of every count.
      curve.forEach((s, t) => expect(Math.abs(1000 * s - REGULAR[t])).toBeLessThan(7));
    }
  });
});
