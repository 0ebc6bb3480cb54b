// Gamma-Gamma spend model (Fader, Hardie and Lee 2005, "RFM and CLV: using iso-value curves";
// Hardie's note 025): each transaction's value ~ Gamma(p, ν), ν ~ Gamma(q, γ), independent of the
// purchase process. Fitted on customers with x > 0 repeat transactions and mean repeat value m > 0.
import { BtydError } from './errors.ts';
import { maximiseLikelihood, onePassLikelihood, type FitOptions, type FitReport, type Likelihood } from './fit.ts';
import { digamma, lgamma } from './special.ts';
import { distinctValues } from './group-rows.ts';

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
  const s = spendSums(data);
  const { n, byX, x: xs, xm } = s;
  // The value and the gradient share one log per customer; the optimiser gets both at once. Each sum
  // runs over the customers in their order, as the separate value and gradient did.
  const evaluate = ([p, q, v]: readonly number[], withGradient: boolean) => {
    let ll = n * (q * Math.log(v) - lgamma(q)) + p * s.sumXLogM - s.sumLogM;
    let gp = s.sumXLogM;
    let gq = n * (Math.log(v) - digamma(q));
    let gv = (n * q) / v;
    for (let k = 0; k < byX.x.length; k++) {
      const x = byX.x[k];
      const px = p * x;
      ll += byX.w[k] * (lgamma(px + q) - lgamma(px) + px * Math.log(x));
      if (!withGradient) continue;
      const dpq = digamma(px + q);
      gp += byX.w[k] * x * (dpq - digamma(px) + Math.log(x));
      gq += byX.w[k] * dpq;
    }
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      const total = xm[i] + v;
      const logTotal = Math.log(total);
      ll -= (p * x + q) * logTotal;
      if (!withGradient) continue;
      gp -= x * logTotal;
      gq -= logTotal;
      gv -= (p * x + q) / total;
    }
    return { logLik: ll, gradient: [gp, gq, gv] };
  };
  return { ...onePassLikelihood(['p', 'q', 'gamma'], n, evaluate), excluded: data.frequency.length - n };
}

/**
 * What the likelihood needs of the customers with x > 0 and m > 0: sums that depend on the data
 * alone, the count per distinct x (the lgamma terms depend on x alone), and each customer's x and x m.
 */
function spendSums(data: SpendData) {
  const { frequency, monetary } = data;
  const length = frequency.length;
  if (monetary.length !== length)
    throw new BtydError('invalid-argument', 'frequency and monetary must have the same length');
  let n = 0;
  for (let i = 0; i < length; i++) {
    const x = frequency[i];
    const m = monetary[i];
    if (!Number.isFinite(x) || !Number.isFinite(m))
      throw new BtydError('invalid-argument', `customer ${i}: frequency ${x}, monetary ${m} must be finite`);
    if (x > 0 && m > 0) n++;
  }
  if (n === 0)
    throw new BtydError('not-identified', 'Gamma-Gamma: no customer with a repeat purchase of positive value');
  const xs = new Float64Array(n);
  const xm = new Float64Array(n);
  let sumLogM = 0;
  let sumXLogM = 0;
  for (let i = 0, k = 0; i < length; i++) {
    const x = frequency[i];
    const m = monetary[i];
    if (!(x > 0 && m > 0)) continue;
    const logM = Math.log(m);
    sumLogM += logM;
    sumXLogM += x * logM;
    xs[k] = x;
    xm[k++] = x * m;
  }
  return { n, sumLogM, sumXLogM, byX: countsByX(xs), x: xs, xm };
}

/** Customers per distinct x, by increasing x. */
function countsByX(xs: Float64Array) {
  const { values, index } = distinctValues(xs);
  const counts = new Float64Array(values.length);
  for (const k of index) counts[k]++;
  const order = Array.from(values.keys()).sort((a, b) => values[a] - values[b]);
  return { x: Float64Array.from(order, (k) => values[k]), w: Float64Array.from(order, (k) => counts[k]) };
}

export function fitGammaGamma(data: SpendData, options: FitOptions<GammaGammaParams> = {}): GammaGammaReport {
  const likelihood = gammaGammaLikelihood(data);
  let mean = 0;
  for (let i = 0; i < data.monetary.length; i++)
    if (data.frequency[i] > 0 && data.monetary[i] > 0) mean += data.monetary[i];
  mean /= likelihood.customers;
  // Start where the population mean p γ / (q - 1) equals the observed mean spend.
  const report = maximiseLikelihood<GammaGammaParams>('gammagamma', likelihood, [1, 2, mean], options);
  if (report.params.q <= 1)
    report.warnings.push(`q = ${report.params.q.toPrecision(3)} <= 1: the population mean spend is infinite`);
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
    throw new BtydError(
      'invalid-argument',
      `Gamma-Gamma: expected spend is infinite for x = ${x} with q = ${q} (needs p x + q > 1)`,
    );
  }
  return (p * gamma + p * x * (x > 0 ? m : 0)) / denominator;
}
