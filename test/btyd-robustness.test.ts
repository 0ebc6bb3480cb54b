// Awkward data, the kind lifetimes' issue history is full of: nobody buys twice, one customer buys
// thousands of times, a handful of customers, a zero-value repeat purchase. Every fit either gives
// finite parameters and finite predictions, or throws a BtydError saying why; none returns NaN.
import { describe, expect, it } from 'vitest';
import {
  BtydError,
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  TRANSACTION_MODELS,
  type FitReport,
  type RfmData,
} from '../models/btyd/index.ts';

function expectFinite(report: FitReport<Record<string, number>>, data: RfmData) {
  expect(Number.isFinite(report.logLik)).toBe(true);
  for (const v of Object.values(report.params)) expect(Number.isFinite(v) && v > 0).toBe(true);
  expect(typeof report.converged).toBe('boolean');
  expect(Number.isFinite(report.gradientNorm)).toBe(true);
  const model = TRANSACTION_MODELS.find((m) => m.name === report.model)!;
  for (let i = 0; i < data.frequency.length; i++) {
    const [x, tx, T] = [data.frequency[i], data.recency[i], data.T[i]];
    const alive = model.pAlive(report.params, x, tx, T);
    const expected = model.conditionalExpected(report.params, 30, x, tx, T);
    expect(alive >= 0 && alive <= 1, `P(alive) ${alive} for ${x}, ${tx}, ${T}`).toBe(true);
    expect(Number.isFinite(expected) && expected >= 0, `E ${expected} for ${x}, ${tx}, ${T}`).toBe(true);
  }
}

function thrown(fn: () => unknown): BtydError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BtydError) return error;
    throw error;
  }
  throw new Error('expected a BtydError');
}

// A small realistic base: 60 customers, a third of them repeat buyers.
const base: RfmData = {
  frequency: Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? (i % 7) + 1 : 0)),
  recency: Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 10 + (i % 20) : 0)),
  T: Array.from({ length: 60 }, (_, i) => 30 + (i % 10)),
};

describe('awkward data', () => {
  it('all one-time buyers: a typed not-identified error, for every model', () => {
    const data = { frequency: [0, 0, 0, 0], recency: [0, 0, 0, 0], T: [10, 20, 30, 40] };
    for (const model of TRANSACTION_MODELS) expect(thrown(() => model.fit(data)).reason).toBe('not-identified');
    expect(thrown(() => fitGammaGamma({ frequency: [0, 0], monetary: [0, 0] })).reason).toBe('not-identified');
  });

  it('no customers, and inconsistent rows, are errors naming the problem', () => {
    expect(thrown(() => fitBgNbd({ frequency: [], recency: [], T: [] })).reason).toBe('no-data');
    expect(thrown(() => fitBgNbd({ frequency: [1], recency: [5], T: [3] })).message).toMatch(/recency 5 is after T 3/);
    expect(thrown(() => fitBgNbd({ frequency: [NaN], recency: [0], T: [3] })).reason).toBe('invalid-argument');
  });

  it('one customer with a huge frequency: every model fits and predicts finitely', () => {
    const data = {
      frequency: [...Array.from(base.frequency), 5000, 2000],
      recency: [...Array.from(base.recency), 39, 20],
      T: [...Array.from(base.T), 39, 39],
    };
    for (const model of TRANSACTION_MODELS) expectFinite(model.fit(data), data);
  });

  it('tiny data (three customers): finite parameters, convergence reported either way', () => {
    const data = { frequency: [1, 0, 3], recency: [5, 0, 20], T: [30, 25, 31] };
    for (const model of TRANSACTION_MODELS) {
      const report = model.fit(data);
      expectFinite(report, data);
      if (!report.converged) expect(report.message).not.toBe('');
    }
  });

  it('a penalty shrinks the estimates and still reports the unpenalised log-likelihood', () => {
    const plain = fitParetoNbd(base);
    const penalised = fitParetoNbd(base, { penalty: 0.1 });
    expect(penalised.penalty).toBe(0.1);
    expect(penalised.logLik).toBeLessThanOrEqual(plain.logLik + 1e-9);
    expect(penalised.params.alpha).toBeLessThan(plain.params.alpha);
  });

  it('Gamma-Gamma leaves out zero-value repeat spend and says how many', () => {
    const report = fitGammaGamma({ frequency: [1, 2, 3, 1, 2, 0], monetary: [10, 20, 15, 0, 12, 0] });
    expect(report.customers).toBe(4);
    expect(report.excluded).toBe(2);
    expect(Object.values(report.params).every(Number.isFinite)).toBe(true);
  });
});
