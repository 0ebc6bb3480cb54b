// The analytic gradients of the BTYD log-likelihoods against finite differences (fourth-order central
// differences, relative error ~1e-9 on these sizes), at parameters on both sides of the Pareto/NBD's
// α = β switch and where its series gives way to the quadrature (α and β orders of magnitude apart).
// The optimiser trusts these gradients, so a wrong term would move every fitted estimate.
import { describe, expect, it } from 'vitest';
import {
  bgNbdLikelihood,
  gammaGammaLikelihood,
  modifiedBgNbdLikelihood,
  paretoNbdCustomerLogLik,
  paretoNbdLikelihood,
  type Likelihood,
} from '../models/btyd/index.ts';

/** Customers in (fractional) weeks, 40% without repeat purchases, some buying on the last day. */
function summary(n: number) {
  let state = 12345;
  const u = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const frequency: number[] = [];
  const recency: number[] = [];
  const T: number[] = [];
  const monetary: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = Math.round((1 + u() * 38) * 7) / 7;
    const x = u() < 0.4 ? 0 : Math.floor(-Math.log(1 - u()) * 4);
    frequency.push(x);
    T.push(t);
    recency.push(x === 0 ? 0 : u() < 0.1 ? t : Math.round(u() * t * 7) / 7);
    monetary.push(x === 0 ? 0 : 5 + u() * 60);
  }
  return { frequency, recency, T, monetary };
}

function finiteDifferences(likelihood: Likelihood, params: number[]): number[] {
  return params.map((v, i) => {
    const at = (d: number) => likelihood.logLik(params.map((p, j) => (j === i ? p + d : p)));
    const h = 1e-3 * v;
    return (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
  });
}

function expectGradient(likelihood: Likelihood, params: number[], tolerance = 1e-6) {
  const both = likelihood.logLikAndGradient!(params);
  expect(both.logLik).toBe(likelihood.logLik(params));
  expect(likelihood.gradient!(params)).toEqual(both.gradient);
  const fd = finiteDifferences(likelihood, params);
  // Relative to the gradient's scale: components near 0 are compared with the largest one.
  const scale = Math.max(...fd.map(Math.abs));
  both.gradient.forEach((g, i) =>
    expect(Math.abs(g - fd[i]) / scale, `component ${i}: ${g} vs ${fd[i]}`).toBeLessThan(tolerance),
  );
}

const data = summary(1500);

describe('analytic gradients against finite differences', () => {
  it('BG/NBD', () => {
    const likelihood = bgNbdLikelihood(data);
    for (const params of [
      [0.243, 4.414, 0.793, 2.426],
      [2, 1, 3, 0.5],
    ])
      expectGradient(likelihood, params);
  });

  it('MBG/NBD', () => {
    const likelihood = modifiedBgNbdLikelihood(data);
    for (const params of [
      [0.525, 6.183, 0.891, 1.614],
      [2, 1, 3, 0.5],
    ])
      expectGradient(likelihood, params);
  });

  it('Pareto/NBD: alpha < beta, alpha > beta, alpha = beta, and far apart (quadrature)', () => {
    const likelihood = paretoNbdLikelihood(data);
    for (const params of [
      [0.553, 10.578, 0.606, 11.669],
      [1.5, 30, 2.6, 3],
      [0.8, 7, 0.7, 7],
      [0.5, 0.05, 0.6, 100],
      [0.5, 200, 0.6, 0.1],
    ]) {
      expectGradient(likelihood, params);
    }
  });

  it('Gamma-Gamma', () => {
    const likelihood = gammaGammaLikelihood(data);
    for (const params of [
      [6.25, 3.74, 15.44],
      [1, 1.5, 100],
    ])
      expectGradient(likelihood, params);
  });
});

describe('Pareto/NBD over (x, t) pairs', () => {
  it('equals the sum of the per-customer log-likelihoods', () => {
    for (const params of [
      { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 },
      { r: 1.5, alpha: 30, s: 2.6, beta: 3 },
    ]) {
      let direct = 0;
      for (let i = 0; i < data.T.length; i++)
        direct += paretoNbdCustomerLogLik(params, data.frequency[i], data.recency[i], data.T[i]);
      const ll = paretoNbdLikelihood(data).logLik([params.r, params.alpha, params.s, params.beta]);
      expect(Math.abs(ll / direct - 1)).toBeLessThan(1e-12);
    }
  });
});
