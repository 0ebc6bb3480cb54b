// MBG/NBD (Batislam, Denizel and Filiztekin 2007; Wagner and Hoppe 2008 erratum): BG/NBD where a
// customer may also drop out at time 0, right after the first purchase, so a one-time buyer is not
// certainly alive. Same parameters as BG/NBD. Given alive at T, p has the posterior Beta(a, b + x + 1),
// so the BG/NBD helpers for an alive customer give its expectations.
import { aliveExpectedPurchases, meanT, requireRepeaters, type BgNbdParams } from './bg-nbd.ts';
import { byFrequency, compressRfm, type RfmData } from './data.ts';
import { maximiseLikelihood, type FitOptions, type FitReport, type Likelihood } from './fit.ts';
import { expit, lgamma, logAddExp } from './special.ts';

export type ModifiedBgNbdParams = BgNbdParams;

export function modifiedBgNbdLikelihood(data: RfmData): Likelihood {
  const p = compressRfm(data);
  const fx = byFrequency(p);
  return {
    names: ['r', 'alpha', 'a', 'b'],
    customers: p.customers,
    logLik([r, alpha, a, b]) {
      let ll = p.customers * (r * Math.log(alpha) + lgamma(a + b) - lgamma(r) - lgamma(b));
      for (let k = 0; k < fx.x.length; k++) {
        const x = fx.x[k];
        ll += fx.w[k] * (lgamma(r + x) + lgamma(b + x + 1) - lgamma(a + b + x + 1));
      }
      for (let i = 0; i < p.x.length; i++) {
        const x = p.x[i];
        const logAT = Math.log(alpha + p.T[i]);
        const a4 = Math.log(a) - Math.log(b + x) + (r + x) * (logAT - Math.log(alpha + p.tx[i]));
        ll += p.w[i] * (-(r + x) * logAT + logAddExp(a4, 0));
      }
      return ll;
    },
  };
}

export function fitModifiedBgNbd(data: RfmData, options: FitOptions<ModifiedBgNbdParams> = {}): FitReport<ModifiedBgNbdParams> {
  const likelihood = modifiedBgNbdLikelihood(data);
  requireRepeaters(data, 'MBG/NBD');
  return maximiseLikelihood<ModifiedBgNbdParams>('mbgnbd', likelihood, [1, meanT(data), 1, 3], options);
}

export function modifiedBgNbdPAlive(params: ModifiedBgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  return expit(-(Math.log(a) - Math.log(b + x) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx))));
}

export function modifiedBgNbdConditionalExpectedPurchases(params: ModifiedBgNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  return modifiedBgNbdPAlive(params, x, tx, T) * aliveExpectedPurchases(r + x, alpha + T, a, b + x + 1, t);
}

/** E[X(t)] for a customer just acquired: alive with probability b/(a+b) right after the first purchase. */
export function modifiedBgNbdExpectedPurchases(params: ModifiedBgNbdParams, t: number): number {
  return modifiedBgNbdConditionalExpectedPurchases(params, t, 0, 0, 0);
}
