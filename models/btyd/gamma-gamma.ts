// Gamma-Gamma spend model (Fader, Hardie and Lee 2005, "RFM and CLV: using iso-value curves";
// Hardie's note 025): each transaction's value ~ Gamma(p, ν), ν ~ Gamma(q, γ), independent of the
// purchase process. Fitted on customers with x > 0 repeat transactions and mean repeat value m > 0.
import { BtydError } from './errors.ts';
import { maximiseLikelihood, type FitOptions, type FitReport, type Likelihood } from './fit.ts';
import { digamma, lgamma } from './special.ts';

export type GammaGammaParams = {
  p: number;
  q: number;
  gamma: number;
};

export interface SpendData {
  frequency: ArrayLike<number>;
  /** Mean value of the repeat transactions. */
  monetary: ArrayLike<number>;
}

export interface GammaGammaReport extends FitReport<GammaGammaParams> {
  /** Customers left out: no repeat transaction, or a mean repeat value <= 0. */
  excluded: number;
}

export function gammaGammaLikelihood(data: SpendData): Likelihood & { excluded: number } {
  if (data.frequency.length !== data.monetary.length) throw new BtydError('invalid-argument', 'frequency and monetary must have the same length');
  const xs: number[] = [];
  const ms: number[] = [];
  for (let i = 0; i < data.frequency.length; i++) {
    const x = data.frequency[i];
    const m = data.monetary[i];
    if (!Number.isFinite(x) || !Number.isFinite(m)) throw new BtydError('invalid-argument', `customer ${i}: frequency ${x}, monetary ${m} must be finite`);
    if (x > 0 && m > 0) {
      xs.push(x);
      ms.push(m);
    }
  }
  const n = xs.length;
  if (n === 0) throw new BtydError('not-identified', 'Gamma-Gamma: no customer with a repeat purchase of positive value');
  // Terms that depend on the data alone are summed once; the lgamma/digamma terms depend on x alone,
  // so they are evaluated per distinct x (a few hundred) rather than per customer (up to millions).
  const counts = new Map<number, number>();
  let sumLogM = 0;
  let sumXLogM = 0;
  for (let i = 0; i < n; i++) {
    counts.set(xs[i], (counts.get(xs[i]) ?? 0) + 1);
    const logM = Math.log(ms[i]);
    sumLogM += logM;
    sumXLogM += xs[i] * logM;
  }
  const distinct = Float64Array.from([...counts.keys()].sort((a, b) => a - b));
  const weight = Float64Array.from(distinct, (x) => counts.get(x)!);
  const x = Float64Array.from(xs);
  const xm = Float64Array.from(xs, (v, i) => v * ms[i]);
  return {
    names: ['p', 'q', 'gamma'],
    customers: n,
    excluded: data.frequency.length - n,
    logLik([p, q, v]) {
      let ll = n * (q * Math.log(v) - lgamma(q)) + p * sumXLogM - sumLogM;
      for (let k = 0; k < distinct.length; k++) {
        const px = p * distinct[k];
        ll += weight[k] * (lgamma(px + q) - lgamma(px) + px * Math.log(distinct[k]));
      }
      for (let i = 0; i < n; i++) ll -= (p * x[i] + q) * Math.log(xm[i] + v);
      return ll;
    },
    gradient([p, q, v]) {
      let gp = sumXLogM;
      let gq = n * (Math.log(v) - digamma(q));
      let gv = (n * q) / v;
      for (let k = 0; k < distinct.length; k++) {
        const px = p * distinct[k];
        const dpq = digamma(px + q);
        gp += weight[k] * distinct[k] * (dpq - digamma(px) + Math.log(distinct[k]));
        gq += weight[k] * dpq;
      }
      for (let i = 0; i < n; i++) {
        const total = xm[i] + v;
        const logTotal = Math.log(total);
        gp -= x[i] * logTotal;
        gq -= logTotal;
        gv -= (p * x[i] + q) / total;
      }
      return [gp, gq, gv];
    },
  };
}

export function fitGammaGamma(data: SpendData, options: FitOptions<GammaGammaParams> = {}): GammaGammaReport {
  const likelihood = gammaGammaLikelihood(data);
  let mean = 0;
  for (let i = 0; i < data.monetary.length; i++) if (data.frequency[i] > 0 && data.monetary[i] > 0) mean += data.monetary[i];
  mean /= likelihood.customers;
  // Start where the population mean p γ / (q - 1) equals the observed mean spend.
  const report = maximiseLikelihood<GammaGammaParams>('gammagamma', likelihood, [1, 2, mean], options);
  if (report.params.q <= 1) report.warnings.push(`q = ${report.params.q.toPrecision(3)} <= 1: the population mean spend is infinite`);
  return { ...report, excluded: likelihood.excluded };
}

/**
 * E[M | x, m]: a weighted average of the population mean p γ / (q - 1) and the customer's own mean m,
 * the weight on m growing with the number of repeat transactions x (note 025, eq. 5).
 */
export function gammaGammaExpectedSpend(params: GammaGammaParams, x: number, m: number): number {
  const { p, q, gamma } = params;
  const denominator = p * x + q - 1;
  if (!(denominator > 0)) {
    throw new BtydError('invalid-argument', `Gamma-Gamma: expected spend is infinite for x = ${x} with q = ${q} (needs p x + q > 1)`);
  }
  return (p * gamma + p * x * (x > 0 ? m : 0)) / denominator;
}
