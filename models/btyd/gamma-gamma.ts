// Gamma-Gamma spend model (Fader, Hardie and Lee 2005, "RFM and CLV: using iso-value curves";
// Hardie's note 025): each transaction's value ~ Gamma(p, ν), ν ~ Gamma(q, γ), independent of the
// purchase process. Fitted on customers with x > 0 repeat transactions and mean repeat value m > 0.
import { BtydError } from './errors.ts';
import { maximiseLikelihood, onePassLikelihood, type FitOptions, type FitReport, type Likelihood } from './fit.ts';
import { digamma, lgamma } from './special.ts';
import { gather, groupRows } from './group-rows.ts';

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
  const { n, byX, byTotal } = s;
  // The value and the gradient share one log per distinct total; the optimiser gets both at once.
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
    for (let k = 0; k < byTotal.total.length; k++) {
      const sumX = byTotal.sumX[k];
      const count = byTotal.count[k];
      const total = byTotal.total[k] + v;
      const logTotal = Math.log(total);
      const power = p * sumX + q * count;
      ll -= power * logTotal;
      gp -= sumX * logTotal;
      gq -= count * logTotal;
      gv -= power / total;
    }
    return { logLik: ll, gradient: [gp, gq, gv] };
  };
  return { ...onePassLikelihood(['p', 'q', 'gamma'], n, evaluate), excluded: data.frequency.length - n };
}

/**
 * What the likelihood needs of the customers with x > 0 and m > 0: sums that depend on the data
 * alone, the count per distinct x (the lgamma terms depend on x alone) and, per distinct total
 * spend x·m, the customers and their x summed (the term (p x + q) log(x m + γ) is linear in x and in
 * the count given x m). At 1M customers: ~900k customers, ~350k totals, ~500 values of x.
 */
function spendSums(data: SpendData) {
  const { frequency, monetary } = data;
  const length = frequency.length;
  if (monetary.length !== length) throw new BtydError('invalid-argument', 'frequency and monetary must have the same length');
  const total = new Float64Array(length);
  let n = 0;
  let sumLogM = 0;
  let sumXLogM = 0;
  for (let i = 0; i < length; i++) {
    const x = frequency[i];
    const m = monetary[i];
    if (!Number.isFinite(x) || !Number.isFinite(m)) throw new BtydError('invalid-argument', `customer ${i}: frequency ${x}, monetary ${m} must be finite`);
    if (!(x > 0 && m > 0)) continue;
    n++;
    const logM = Math.log(m);
    sumLogM += logM;
    sumXLogM += x * logM;
    total[i] = x * m;
  }
  if (n === 0) throw new BtydError('not-identified', 'Gamma-Gamma: no customer with a repeat purchase of positive value');
  const included = (i: number) => frequency[i] > 0 && monetary[i] > 0;
  return { n, sumLogM, sumXLogM, byX: countsByX(frequency, included), byTotal: byTotal(frequency, total, included) };
}

/** Customers per distinct x, by increasing x. */
function countsByX(frequency: ArrayLike<number>, included: (i: number) => boolean) {
  const groups = groupRows([frequency], included);
  const counts = new Float64Array(groups.size);
  for (const k of groups.row) if (k >= 0) counts[k]++;
  const x = gather(frequency, groups.first);
  const order = Array.from(x.keys()).sort((a, b) => x[a] - x[b]);
  return { x: Float64Array.from(order, (k) => x[k]), w: Float64Array.from(order, (k) => counts[k]) };
}

/** Per distinct total x·m (in order of first customer): the customers and their x summed. */
function byTotal(frequency: ArrayLike<number>, total: Float64Array, included: (i: number) => boolean) {
  const groups = groupRows([total], included);
  const sumX = new Float64Array(groups.size);
  const count = new Float64Array(groups.size);
  for (let i = 0; i < total.length; i++) {
    const k = groups.row[i];
    if (k < 0) continue;
    sumX[k] += frequency[i];
    count[k]++;
  }
  return { total: gather(total, groups.first), sumX, count };
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
