// How well the BTYD intervals cover what customers did in a holdout: for each way of making an
// interval of counts, the share of customers whose holdout purchases fall inside it, its mean width
// and the mean predictive mass it claims; the randomised-PIT coverage (exact for a calibrated
// discrete model); and the same for the predictive interval of holdout spend.
import { mulberry32 } from '../../models/random.ts';
import {
  COUNT_INTERVAL_METHODS,
  countInterval,
  randomisedPit,
  type CountIntervalMethod,
} from '../../models/btyd/predictive-intervals.ts';
import type { BgNbdParams, FitReport, GammaGammaReport } from '../../models/btyd/index.ts';
import { btydIntervals, type BtydIntervalOptions } from './btyd-intervals.ts';
import type { RfmSummary } from './rfm.ts';

export interface IntervalCoverage {
  coverage: number;
  meanWidth: number;
  /** Mean predictive probability of the intervals: the coverage the model expects. */
  meanMass?: number;
}

export interface BtydCoverage {
  level: number;
  customers: number;
  horizon: number;
  draws: number;
  seed: number;
  /** Interval of the number of holdout purchase days, by construction (`nearest` is the one shipped). */
  purchases: Record<CountIntervalMethod, IntervalCoverage>;
  /** Share of randomised PIT values inside [(1 - level)/2, (1 + level)/2]. */
  pitCoverage: number;
  /** Interval of holdout spend (null without a usable Gamma-Gamma fit). */
  spend: IntervalCoverage | null;
  problems: string[];
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;

export function btydCoverage(
  rfm: RfmSummary,
  fits: { bgnbd: FitReport<BgNbdParams>; gammagamma: GammaGammaReport | null },
  options: Pick<BtydIntervalOptions, 'level' | 'draws' | 'seed'> = {},
): BtydCoverage {
  const level = options.level ?? 0.8;
  const seed = options.seed ?? 1;
  const draws = options.draws ?? 100;
  const horizon = rfm.durationHoldout;
  const intervals = btydIntervals(rfm, fits, { horizon, level, draws, seed, keepPmfs: true });
  const n = rfm.frequency.length;
  const actual = rfm.frequencyHoldout;
  const purchases = {} as BtydCoverage['purchases'];
  for (const method of COUNT_INTERVAL_METHODS) {
    let covered = 0;
    let width = 0;
    let mass = 0;
    const cache = intervals.pmfs!.map((pmf) => countInterval(pmf, level, method));
    for (let i = 0; i < n; i++) {
      const c = cache[intervals.pattern![i]];
      if (actual[i] >= c.low && actual[i] <= c.high) covered++;
      width += c.high - c.low;
      mass += c.mass;
    }
    purchases[method] = { coverage: round(covered / n), meanWidth: round(width / n), meanMass: round(mass / n) };
  }
  const uniform = mulberry32(seed + 1);
  let inside = 0;
  for (let i = 0; i < n; i++) {
    const u = randomisedPit(intervals.pmfs![intervals.pattern![i]], actual[i], uniform());
    if (u >= (1 - level) / 2 && u <= (1 + level) / 2) inside++;
  }
  let spend: IntervalCoverage | null = null;
  if (!Number.isNaN(intervals.spendLow[0])) {
    let covered = 0;
    let width = 0;
    for (let i = 0; i < n; i++) {
      const v = rfm.valueHoldout[i];
      if (v >= intervals.spendLow[i] - 1e-9 && v <= intervals.spendHigh[i] + 1e-9) covered++;
      width += intervals.spendHigh[i] - intervals.spendLow[i];
    }
    spend = { coverage: round(covered / n), meanWidth: round(width / n) };
  }
  return {
    level,
    customers: n,
    horizon,
    draws,
    seed,
    purchases,
    pitCoverage: round(inside / n),
    spend,
    problems: intervals.problems,
  };
}
