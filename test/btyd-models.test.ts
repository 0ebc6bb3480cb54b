// The BTYD model functions against published values at published parameters, and against themselves
// (a PMF sums to 1 and its mean is the conditional expectation; the series and the quadrature agree).
// Reference values and where they come from:
//   [FHL-xls]  Hardie's BG/NBD spreadsheet for Fader, Hardie and Lee (2005), as quoted by the lifetimes
//              tests (tests/test_estimation.py, CamDavidsonPilon/lifetimes, MIT licence).
//   [BTYD]     R package BTYD's documentation and walkthrough vignette, as quoted by the same tests.
//   [note025]  Hardie's Gamma-Gamma spreadsheet (brucehardie.com/notes/025), as quoted by the same tests.
//   [lifetimes] values lifetimes itself prints in those tests (scipy's hyp2f1).
//   [scipy]    scipy.special 1.17 (gammaln, digamma, hyp2f1, betainc), computed for this test.
import { describe, expect, it } from 'vitest';
import {
  aliveExpectedPurchases,
  betaInc,
  bgNbdConditionalExpectedPurchases,
  bgNbdConditionalProbabilityOfPurchases,
  bgNbdPAlive,
  bgNbdProbabilityOfPurchases,
  digamma,
  discountedClv,
  gammaGammaExpectedSpend,
  lgamma,
  log2F1,
  modifiedBgNbdPAlive,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdConditionalProbabilityOfPurchases,
  paretoNbdCustomerLogLik,
  paretoNbdExpectedPurchases,
  paretoNbdPAlive,
} from '../models/btyd/index.ts';

const BGNBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }; // published CDNOW estimates
const PNBD = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }; // [BTYD] walkthrough estimates

describe('special functions [scipy]', () => {
  it('lgamma and digamma', () => {
    const cases: [number, number, number][] = [
      [1e-3, 6.907178885383853, -1000.5755719318103],
      [0.5, 0.5723649429247, -1.9635100260214235],
      [2.5, 0.2846828704729192, 0.7031566406452432],
      [123.4, 469.3360974421906, 4.8113737751162775],
      [1e6, 12815504.569147611, 13.81551005796419],
    ];
    for (const [x, lg, dg] of cases) {
      expect(lgamma(x)).toBeCloseTo(lg, 12);
      expect(digamma(x)).toBeCloseTo(dg, 12);
    }
  });

  it('log 2F1 across easy and hard arguments', () => {
    const cases: [number, number, number, number, number][] = [
      [2.243, 4.426, 4.219, 39 / (4.414 + 38.86 + 39), 1.5206757450090223],
      [1, 2, 3, 0.5, 0.4351387545506941],
      [500, 600, 1050, 0.9, 496.3309258017265],
      [0.5, 0.5, 0.2, 0.95, 2.8734279199965043],
      [2, 3, 1.5, 0.999, 24.563887590584798],
      [3.2, 1.5, 4.1, 0.99, 4.132725894076267],
    ];
    for (const [a, b, c, z, expected] of cases) expect(log2F1(a, b, c, z)).toBeCloseTo(expected, 9);
    // scipy overflows to inf here; the log-space series does not.
    expect(Number.isFinite(log2F1(10000, 10001, 10002, 0.3))).toBe(true);
  });

  it('regularised incomplete beta', () => {
    expect(betaInc(0.3, 3, 0.243)).toBeCloseTo(0.003710763140559297, 14);
    expect(betaInc(0.9, 20, 0.5)).toBeCloseTo(0.041327483918087285, 14);
  });
});

describe('BG/NBD at the published CDNOW parameters', () => {
  it('conditional expectation of customer 1 over 39 weeks is 1.226 [FHL-xls]', () => {
    expect(bgNbdConditionalExpectedPurchases(BGNBD, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 3);
  });

  it('P(X(t) = n) matches BTYD [BTYD]', () => {
    expect(bgNbdProbabilityOfPurchases(BGNBD, 2, 10)).toBeCloseTo(1.07869e-7, 11);
    expect(bgNbdProbabilityOfPurchases(BGNBD, 39, 0)).toBeCloseTo(0.5737864, 7);
    const pmf = [
      0.0019995214, 0.0015170236, 0.001163315, 0.0009003148, 0.0007023638, 0.0005517902, 0.0004361913, 0.0003467171,
      0.0002769613, 0.000222226,
    ];
    pmf.forEach((p, i) => expect(bgNbdProbabilityOfPurchases(BGNBD, 30, 11 + i)).toBeCloseTo(p, 9));
  });

  it('P(alive) is 1 without repeat purchases, in [0, 1] elsewhere, 0 for 1000 purchases long ago [lifetimes]', () => {
    expect(bgNbdPAlive(BGNBD, 0, 0, 38)).toBe(1);
    for (let x = 0; x < 100; x += 10) {
      for (let tx = 0; tx < 100; tx += 10) {
        for (let T = tx; T < 100; T += 10) {
          const p = bgNbdPAlive(BGNBD, x, tx, T);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
      }
    }
    expect(bgNbdPAlive(BGNBD, 1000, 10, 100)).toBe(0);
  });

  it('the conditional PMF sums to 1 and its mean is the conditional expectation', () => {
    for (const [x, tx, T, t] of [
      [2, 30.43, 38.86, 39],
      [0, 0, 20, 52],
      [12, 30, 31, 10],
      [1, 0.5, 39, 78],
    ]) {
      let total = 0;
      let mean = 0;
      for (let n = 0; n < 600; n++) {
        const p = bgNbdConditionalProbabilityOfPurchases(BGNBD, t, n, x, tx, T);
        total += p;
        mean += n * p;
      }
      expect(total).toBeCloseTo(1, 9);
      expect(mean).toBeCloseTo(bgNbdConditionalExpectedPurchases(BGNBD, t, x, tx, T), 6);
    }
  });

  it('the quadrature fallback agrees with the hypergeometric closed form', () => {
    // Nudging a to 1 +/- 1e-7 forces the fallback (0/0 in the closed form); the result is continuous.
    const closed = aliveExpectedPurchases(2.243, 43.3, 1.001, 4.426, 39);
    const near = aliveExpectedPurchases(2.243, 43.3, 1 + 1e-7, 4.426, 39);
    expect(near).toBeCloseTo(closed, 3);
    // a + b <= 1 leaves 2F1 with c <= 0: the expectation still exists and is finite.
    const small = aliveExpectedPurchases(0.5, 10, 0.3, 0.5, 20);
    expect(small).toBeGreaterThan(0);
    expect(Number.isFinite(small)).toBe(true);
  });

  it('MBG/NBD: a one-time buyer is not certainly alive [lifetimes]', () => {
    expect(modifiedBgNbdPAlive({ r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, 0, 1, 1)).toBeLessThan(1);
  });
});

describe('Pareto/NBD', () => {
  it('P(alive) of the walkthrough customer is 0.9979 [BTYD]', () => {
    expect(paretoNbdPAlive(PNBD, 26, 30.86, 31)).toBeCloseTo(0.9979, 3);
  });

  it('conditional expectation of the walkthrough customer over 52 weeks is 25.46 [BTYD]', () => {
    expect(
      paretoNbdConditionalExpectedPurchases({ r: 0.5533, alpha: 10.5777, s: 0.6062, beta: 11.6687 }, 52, 26, 30.86, 31),
    ).toBeCloseTo(25.46, 1);
  });

  it('unconditional expectations [BTYD]', () => {
    const expected = [
      0, 0.05077821, 0.09916088, 0.14542507, 0.1897993, 0.23247466, 0.27361274, 0.31335159, 0.35181024, 0.38909211,
    ];
    expected.forEach((e, t) => expect(Math.abs(paretoNbdExpectedPurchases(PNBD, t) - e)).toBeLessThan(0.01));
  });

  it('no underflow for long histories: a small change of input is a small change of output [lifetimes]', () => {
    const params = { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 };
    expect(paretoNbdConditionalExpectedPurchases(params, 10, 132, 200, 200)).toBeCloseTo(6.2060517889632418, 8);
    expect(paretoNbdConditionalExpectedPurchases(params, 10, 133, 200, 200)).toBeCloseTo(6.2528722475748113, 8);
  });

  it('no overflow with hundreds of purchases and alpha << beta [lifetimes]', () => {
    const params = { r: 10.465, alpha: 7.98565181e-3, s: 3.0516, beta: 2.82 };
    for (const [x, tx, T] of [
      [400, 5, 6],
      [500, 1, 37],
      [500, 4, 37],
    ])
      expect(Number.isFinite(paretoNbdCustomerLogLik(params, x, tx, T))).toBe(true);
    for (const [x, tx, T] of [
      [40, 5, 6],
      [50, 1, 37],
      [50, 4, 37],
    ]) {
      const p = paretoNbdPAlive(params, x, tx, T);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
    // alpha and beta six orders of magnitude apart: the A0 series runs near z = 1 and stays finite.
    expect(Number.isFinite(paretoNbdCustomerLogLik({ r: 0.5, alpha: 1e-4, s: 0.6, beta: 100 }, 3, 0.001, 0.002))).toBe(
      true,
    );
  });

  it('the conditional PMF sums to 1 and its mean is the conditional expectation', () => {
    for (const [x, tx, T, t] of [
      [2, 5, 8, 4],
      [0, 0, 9, 3],
      [7, 3, 5, 9],
      [26, 30.86, 31, 10],
    ]) {
      let total = 0;
      let mean = 0;
      for (let n = 0; n < 80; n++) {
        const p = paretoNbdConditionalProbabilityOfPurchases(PNBD, t, n, x, tx, T);
        total += p;
        mean += n * p;
      }
      expect(total).toBeCloseTo(1, 6);
      expect(mean).toBeCloseTo(paretoNbdConditionalExpectedPurchases(PNBD, t, x, tx, T), 5);
    }
  });
});

describe('Gamma-Gamma and CLV', () => {
  it('expected spend per transaction of the first ten CDNOW customers [note025]', () => {
    const params = { p: 6.25, q: 3.74, gamma: 15.44 };
    const x = [2, 1, 0, 0, 0, 7, 1, 0, 2, 0];
    const m = [22.35, 11.77, 0, 0, 0, 73.74, 11.77, 0, 25.55, 0];
    const expected = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    x.forEach((xi, i) => expect(Math.abs(gammaGammaExpectedSpend(params, xi, m[i]) - expected[i])).toBeLessThan(0.1));
  });

  it('an infinite population mean is an error, not NaN', () => {
    expect(() => gammaGammaExpectedSpend({ p: 2, q: 0.9, gamma: 10 }, 0, 0)).toThrow(/infinite/);
  });

  it('CLV sums discounted increments of the expected purchases', () => {
    const linear = (t: number) => t / 30; // one purchase a month
    expect(discountedClv(linear, 10, { horizon: 90, step: 30, discountRate: 0 })).toBeCloseTo(30, 10);
    expect(discountedClv(linear, 10, { horizon: 60, step: 30, discountRate: 0.1 })).toBeCloseTo(
      10 / 1.1 + 10 / 1.21,
      10,
    );
  });
});
