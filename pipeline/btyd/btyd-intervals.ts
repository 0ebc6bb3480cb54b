// Per-customer intervals for the BG/NBD x Gamma-Gamma outputs. Parameter uncertainty: the fits'
// parameters drawn from their asymptotic log-normal (standard-errors.ts), each customer's P(alive),
// expected purchases and CLV per draw, and the draws' quantiles. Predictive: the number of purchases
// in the window from the conditional PMF mixed over (some of) those draws, as an interval of counts
// (predictive-intervals.ts), and the spend in the window by Monte Carlo: N from that PMF, each
// purchase's value Gamma(p, ν) with ν | x, m ~ Gamma(q + p x, γ + x m), so the spend is
// (γ + x m) · G/H, G ~ Gamma(N p), H ~ Gamma(q + p x): simulated once per (x, t_x, T) pattern and
// scaled per customer. Work is shared per pattern and per (x, T) pair, as in bg-nbd-customers.ts.
import {
  aliveExpectedPurchases,
  bgNbdLikelihood,
  bgNbdPAlive,
  clvSteps,
  compressRfm,
  gammaGammaLikelihood,
  logCovariance,
  type BgNbdParams,
  type ClvOptions,
  type FitReport,
  type GammaGammaParams,
  type GammaGammaReport,
} from '../../models/btyd/index.ts';
import { groupRows } from '../../models/btyd/group-rows.ts';
import { drawParameters, sampler } from '../../models/btyd/parameter-draws.ts';
import {
  aliveCountPmf,
  countInterval,
  sortedQuantile,
  type CountIntervalMethod,
} from '../../models/btyd/predictive-intervals.ts';

export interface BtydIntervalOptions {
  /** The window of the expected purchases and of the predictive intervals, in the summary's unit. */
  horizon: number;
  /** The CLV's horizon and discounting; omitted: no CLV interval (NaN). */
  clv?: ClvOptions;
  /** Central probability of every interval (default 0.8). */
  level?: number;
  /** Parameter draws (default 100); the count PMF mixes the first `predictiveDraws` (default 20). */
  draws?: number;
  predictiveDraws?: number;
  /** Monte Carlo samples of the spend per pattern (default 200). */
  spendSamples?: number;
  seed?: number;
  method?: CountIntervalMethod;
  /** Keep each pattern's mixed count PMF (for evaluations: randomised PIT, other interval methods). */
  keepPmfs?: boolean;
}

export interface BtydRfm {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  T: ArrayLike<number>;
  monetary: ArrayLike<number>;
}

export interface BtydIntervals {
  level: number;
  /** Parameter uncertainty: the draws' quantiles. */
  pAliveLow: Float64Array;
  pAliveHigh: Float64Array;
  expectedLow: Float64Array;
  expectedHigh: Float64Array;
  clvLow: Float64Array;
  clvHigh: Float64Array;
  /** Predictive interval of the number of purchases in the horizon, and its predictive mass. */
  purchasesLow: Float64Array;
  purchasesHigh: Float64Array;
  purchasesMass: Float64Array;
  /** Predictive interval of the spend in the horizon. */
  spendLow: Float64Array;
  spendHigh: Float64Array;
  /** With keepPmfs: the predictive count PMF of customer i is pmfs[pattern[i]]. */
  pmfs?: Float64Array[];
  pattern?: Int32Array;
  /** Why an interval is missing or degenerate (e.g. a singular information matrix). */
  problems: string[];
}

type Fits = { bgnbd: FitReport<BgNbdParams>; gammagamma: GammaGammaReport | null };

export function btydIntervals(rfm: BtydRfm, fits: Fits, options: BtydIntervalOptions): BtydIntervals {
  const level = options.level ?? 0.8;
  const n = rfm.frequency.length;
  const data = { frequency: rfm.frequency, recency: rfm.recency, T: rfm.T };
  const patterns = compressRfm(data);
  const problems: string[] = [];
  const draws = parameterDraws(fits, data, rfm, options, problems);
  const pairs = groupRows([patterns.x, patterns.T]);
  const D = draws.bgnbd.length;
  const steps = options.clv ? clvSteps(options.clv) : null;
  // Per (x, T) pair and draw: the alive customer's expectation at the horizon and discounted CLV factor.
  const expectedTerm = new Float64Array(pairs.size * D);
  const clvTerm = new Float64Array(pairs.size * D);
  for (let k = 0; k < pairs.size; k++) {
    const x = patterns.x[pairs.first[k]];
    const T = patterns.T[pairs.first[k]];
    for (let d = 0; d < D; d++) {
      const { r, alpha, a, b } = draws.bgnbd[d];
      expectedTerm[k * D + d] = aliveExpectedPurchases(r + x, alpha + T, a, b + x, options.horizon);
      if (!steps) continue;
      let value = 0;
      let previous = 0;
      for (let s = 0; s < steps.times.length; s++) {
        const current = aliveExpectedPurchases(r + x, alpha + T, a, b + x, steps.times[s]);
        value += (current - previous) / steps.discounts[s];
        previous = current;
      }
      clvTerm[k * D + d] = value;
    }
  }
  const usableSpend = fits.gammagamma && fits.gammagamma.params.q > 1 ? fits.gammagamma.params : null;
  const predictive = predictivePerPattern(patterns, pairs, draws.bgnbd, usableSpend, options, level);
  const out = emptyIntervals(n, level, problems);
  const alive = new Float64Array(D);
  const buffer = new Float64Array(D);
  const quantiles = [(1 - level) / 2, (1 + level) / 2];
  const ggDraws = draws.gammagamma;
  // Customers in pattern order: a pattern's P(alive) per draw is computed once for all its customers.
  const order = customersByPattern(patterns.row, patterns.x.length);
  let current = -1;
  for (const i of order) {
    const g = patterns.row[i];
    const x = patterns.x[g];
    if (g !== current) {
      current = g;
      for (let d = 0; d < D; d++) alive[d] = bgNbdPAlive(draws.bgnbd[d], x, patterns.tx[g], patterns.T[g]);
    }
    const pair = pairs.row[g] * D;
    [out.pAliveLow[i], out.pAliveHigh[i]] = drawQuantiles(buffer, quantiles, (d) => alive[d]);
    [out.expectedLow[i], out.expectedHigh[i]] = drawQuantiles(
      buffer,
      quantiles,
      (d) => alive[d] * expectedTerm[pair + d],
    );
    if (steps && ggDraws) {
      const m = Math.max(rfm.monetary[i], 0);
      [out.clvLow[i], out.clvHigh[i]] = drawQuantiles(
        buffer,
        quantiles,
        (d) => alive[d] * clvTerm[pair + d] * spendOf(ggDraws[d], x, m),
      );
    }
    out.purchasesLow[i] = predictive.low[g];
    out.purchasesHigh[i] = predictive.high[g];
    out.purchasesMass[i] = predictive.mass[g];
    if (usableSpend) {
      const scale = usableSpend.gamma + x * Math.max(rfm.monetary[i], 0);
      out.spendLow[i] = scale * predictive.spendLow[g];
      out.spendHigh[i] = scale * predictive.spendHigh[g];
    }
  }
  if (options.keepPmfs) {
    out.pmfs = predictive.pmfs;
    out.pattern = patterns.row;
  }
  return out;
}

/** Draw d's parameters; the fitted ones only (and a problem) when the information matrix is singular. */
function parameterDraws(
  fits: Fits,
  data: { frequency: ArrayLike<number>; recency: ArrayLike<number>; T: ArrayLike<number> },
  rfm: BtydRfm,
  options: BtydIntervalOptions,
  problems: string[],
) {
  const count = options.draws ?? 100;
  const seed = options.seed ?? 1;
  const bgPosterior = logCovariance(fits.bgnbd, bgNbdLikelihood(data));
  if (!bgPosterior) problems.push('BG/NBD: information matrix not invertible; intervals without parameter uncertainty');
  const bgnbd = bgPosterior ? drawParameters<BgNbdParams>(bgPosterior, count, seed) : [fits.bgnbd.params];
  let gammagamma: GammaGammaParams[] | null = null;
  if (fits.gammagamma && fits.gammagamma.params.q > 1) {
    const ggPosterior = logCovariance(
      fits.gammagamma,
      gammaGammaLikelihood({ frequency: rfm.frequency, monetary: rfm.monetary }),
    );
    if (!ggPosterior) problems.push('Gamma-Gamma: information matrix not invertible');
    // A draw with q <= 1 has no finite mean spend: the fitted parameters stand in for it.
    gammagamma = Array.from({ length: bgnbd.length }, (_, d) => {
      if (!ggPosterior) return fits.gammagamma!.params;
      const draw = drawParameters<GammaGammaParams>(ggPosterior, 1, seed + 7919 * (d + 1))[0];
      return draw.q > 1 ? draw : fits.gammagamma!.params;
    });
  } else problems.push('Gamma-Gamma: no usable fit (q <= 1 or not fitted); no CLV or spend interval');
  return { bgnbd, gammagamma };
}

/** Gamma-Gamma's E[M | x, m] (note 025, eq. 5); q > 1 is checked by the caller. */
const spendOf = ({ p, q, gamma }: GammaGammaParams, x: number, m: number) => (p * gamma + p * x * m) / (p * x + q - 1);

function drawQuantiles(buffer: Float64Array, quantiles: number[], value: (d: number) => number): [number, number] {
  for (let d = 0; d < buffer.length; d++) buffer[d] = value(d);
  buffer.sort();
  return [sortedQuantile(buffer, quantiles[0]), sortedQuantile(buffer, quantiles[1])];
}

/**
 * Per pattern: the count PMF in the horizon mixed over the first draws, its interval, and the
 * quantiles of G/H (spend per unit of γ + x m) by Monte Carlo.
 */
function predictivePerPattern(
  patterns: ReturnType<typeof compressRfm>,
  pairs: ReturnType<typeof groupRows>,
  bgnbd: BgNbdParams[],
  spendParams: GammaGammaParams | null,
  options: BtydIntervalOptions,
  level: number,
) {
  const D = Math.min(options.predictiveDraws ?? 20, bgnbd.length);
  const G = patterns.x.length;
  const out = {
    low: new Float64Array(G),
    high: new Float64Array(G),
    mass: new Float64Array(G),
    spendLow: new Float64Array(G).fill(NaN),
    spendHigh: new Float64Array(G).fill(NaN),
    pmfs: [] as Float64Array[],
  };
  const alivePmfs: Float64Array[][] = Array.from({ length: pairs.size }, (_, k) => {
    const x = patterns.x[pairs.first[k]];
    const T = patterns.T[pairs.first[k]];
    return bgnbd.slice(0, D).map(({ r, alpha, a, b }) => aliveCountPmf(r + x, alpha + T, a, b + x, options.horizon));
  });
  const S = options.spendSamples ?? 200;
  const random = sampler((options.seed ?? 1) + 104729);
  const samples = new Float64Array(S);
  for (let g = 0; g < G; g++) {
    const x = patterns.x[g];
    const pmfs = alivePmfs[pairs.row[g]];
    const length = Math.max(...pmfs.map((p) => p.length));
    const mixed = new Float64Array(length);
    for (let d = 0; d < D; d++) {
      const alive = bgNbdPAlive(bgnbd[d], x, patterns.tx[g], patterns.T[g]);
      const pmf = pmfs[d];
      for (let c = 0; c < pmf.length; c++) mixed[c] += (alive * pmf[c]) / D;
      mixed[0] += (1 - alive) / D;
    }
    if (options.keepPmfs) out.pmfs.push(mixed);
    const interval = countInterval(mixed, level, options.method ?? 'nearest');
    out.low[g] = interval.low;
    out.high[g] = interval.high;
    out.mass[g] = interval.mass;
    if (!spendParams || S === 0) continue;
    const { p, q } = spendParams;
    for (let s = 0; s < S; s++) {
      const count = sampleCount(mixed, random.uniform());
      samples[s] = count === 0 ? 0 : random.gamma(count * p) / random.gamma(q + p * x);
    }
    samples.sort();
    out.spendLow[g] = sortedQuantile(samples, (1 - level) / 2);
    out.spendHigh[g] = sortedQuantile(samples, (1 + level) / 2);
  }
  return out;
}

function sampleCount(pmf: Float64Array, u: number): number {
  let cumulative = 0;
  for (let c = 0; c < pmf.length; c++) {
    cumulative += pmf[c];
    if (u < cumulative) return c;
  }
  return pmf.length - 1;
}

/** Customer indexes sorted by pattern (a counting sort). */
function customersByPattern(row: Int32Array, patterns: number): Int32Array {
  const start = new Int32Array(patterns + 1);
  for (const g of row) start[g + 1]++;
  for (let g = 0; g < patterns; g++) start[g + 1] += start[g];
  const order = new Int32Array(row.length);
  for (let i = 0; i < row.length; i++) order[start[row[i]]++] = i;
  return order;
}

function emptyIntervals(n: number, level: number, problems: string[]): BtydIntervals {
  const column = () => new Float64Array(n).fill(NaN);
  return {
    level,
    pAliveLow: column(),
    pAliveHigh: column(),
    expectedLow: column(),
    expectedHigh: column(),
    clvLow: column(),
    clvHigh: column(),
    purchasesLow: column(),
    purchasesHigh: column(),
    purchasesMass: column(),
    spendLow: column(),
    spendHigh: column(),
    problems,
  };
}
