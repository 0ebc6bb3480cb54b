// MBG/NBD (Batislam, Denizel and Filiztekin 2007; Wagner and Hoppe 2008 erratum): BG/NBD where a
// customer may also drop out at time 0, right after the first purchase, so a one-time buyer is not
// certainly alive. Same parameters as BG/NBD. Given alive at T, p has the posterior Beta(a, b + x + 1),
// so the BG/NBD helpers for an alive customer give its expectations.
import { aliveTimesTerm } from './alive-times-term.ts';
import { aliveExpectedPurchases, bgNbdStart, type BgNbdParams } from './bg-nbd.ts';
import { patternTables } from './bg-nbd-terms.ts';
import { compressRfm, type Patterns, type RfmData } from './data.ts';
import { fitRepeatModel, onePassLikelihood, type FitOptions, type FitReport, type Likelihood } from './fit.ts';
import { expit } from './special.ts';

export type ModifiedBgNbdParams = BgNbdParams;

export function modifiedBgNbdLikelihood(data: RfmData, patterns: Patterns = compressRfm(data)): Likelihood {
  const p = patterns;
  const { logAT, logATx, logBx, terms } = patternTables(p, 1);
  // As for BG/NBD: value and gradient from one pass, sharing one exp per pattern.
  const evaluate = ([r, alpha, a, b]: readonly number[], withGradient: boolean) => {
    const logA = Math.log(a);
    const constant = terms([r, alpha, a, b], withGradient);
    let ll = constant.ll;
    const g = constant.gradient;
    const { x: xs, w: ws } = p;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      const w = ws[i];
      const Ti = logAT.index[i];
      const ti = logATx.index[i];
      const xi = logBx.index[i];
      const lAT = logAT.log[Ti];
      const lATx = logATx.log[ti];
      const a4 = logA - logBx.log[xi] + (r + x) * (lAT - lATx);
      // logAddExp(a4, 0) and its derivative σ = expit(a4), written out to share e.
      let sigma: number;
      let softplus: number;
      if (a4 > 0) {
        const e = Math.exp(0 - a4);
        softplus = a4 + Math.log1p(e);
        sigma = 1 / (1 + e);
      } else {
        const e = Math.exp(a4 - 0);
        softplus = 0 + Math.log1p(e);
        sigma = e / (1 + e);
      }
      ll += w * (-(r + x) * lAT + softplus);
      if (!withGradient) continue;
      g[0] += w * (-lAT + sigma * (lAT - lATx));
      g[1] += w * (r + x) * (-logAT.inv[Ti] + sigma * (logAT.inv[Ti] - logATx.inv[ti]));
      g[2] += (w * sigma) / a;
      g[3] -= w * sigma * logBx.inv[xi];
    }
    return { logLik: ll, gradient: g };
  };
  return onePassLikelihood(['r', 'alpha', 'a', 'b'], p.customers, evaluate);
}

/** `patterns`: compressRfm(data), when the caller has it already. */
export function fitModifiedBgNbd(
  data: RfmData,
  options: FitOptions<ModifiedBgNbdParams> = {},
  patterns?: Patterns,
): FitReport<ModifiedBgNbdParams> {
  const likelihood = modifiedBgNbdLikelihood(data, patterns);
  return fitRepeatModel<ModifiedBgNbdParams>('mbgnbd', 'MBG/NBD', data, likelihood, bgNbdStart, options);
}

export function modifiedBgNbdPAlive(params: ModifiedBgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  return expit(-(Math.log(a) - Math.log(b + x) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx))));
}

export function modifiedBgNbdConditionalExpectedPurchases(
  params: ModifiedBgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, a, b } = params;
  return modifiedBgNbdPAlive(params, x, tx, T) * aliveExpectedPurchases(r + x, alpha + T, a, b + x + 1, t);
}

/** modifiedBgNbdConditionalExpectedPurchases for every row of `data` (patterns = compressRfm(data)), the same numbers. */
export function modifiedBgNbdConditionalExpectedAll(
  params: ModifiedBgNbdParams,
  t: number,
  data: RfmData,
  patterns: Patterns,
): Float64Array {
  const { r, alpha, a, b } = params;
  return aliveTimesTerm(
    data,
    patterns,
    (x, tx, T) => modifiedBgNbdPAlive(params, x, tx, T),
    (x, T) => aliveExpectedPurchases(r + x, alpha + T, a, b + x + 1, t),
  );
}

/** E[X(t)] for a customer just acquired: alive with probability b/(a+b) right after the first purchase. */
export function modifiedBgNbdExpectedPurchases(params: ModifiedBgNbdParams, t: number): number {
  return modifiedBgNbdConditionalExpectedPurchases(params, t, 0, 0, 0);
}
