// Honest totals: the predicted CLV total (sum of predicted value) and the value at risk (sum of
// churn probability x value) with an interval from the per-customer value distributions of
// intervals.ts, never by adding the customers' bounds (which would give an interval far too wide:
// customers' surprises cancel out in a sum).
//   customer i's value  Y_i = prediction_i x R, R drawn from its bin's ratio distribution
//   CLV total           sum Y_i
//   value at risk       sum B_i Y_i, B_i ~ Bernoulli(churn_i) independent of Y_i: the value of the
//                       customers who do churn
// Customers are taken as independent, so by the central limit theorem each sum is close to normal
// with the sum of the customers' means and variances. What this leaves out: the uncertainty of the
// model itself (its level, a drift), shared by every customer, which no sum averages away.
import { normalQuantile } from '../survival/normal-quantile.ts';
import { binOf, checkLevel, type RatioBin, type ValueIntervalCalibration } from './intervals.ts';

export interface TotalInterval {
  /** The sum of the shipped predictions (what the overview shows). */
  total: number;
  /** The mean of the sum under the calibrated distributions (close to `total` when the level is calibrated). */
  mean: number;
  low: number;
  high: number;
  level: number;
}

export interface HonestTotals {
  clv: TotalInterval;
  valueAtRisk: TotalInterval;
}

/** Mean and mean square of a bin's ratio distribution (the piecewise-linear quantile function of its grid). */
export function binMoments(bin: RatioBin): { m1: number; m2: number } {
  const q = bin.quantiles;
  const k = q.length - 1;
  let m1 = 0;
  let m2 = 0;
  for (let j = 0; j < k; j++) {
    m1 += (q[j] + q[j + 1]) / 2;
    m2 += (q[j] * q[j] + q[j] * q[j + 1] + q[j + 1] * q[j + 1]) / 3;
  }
  return { m1: m1 / k, m2: m2 / k };
}

/** The totals and their `level` intervals (normal approximation of sums of independent customers). */
export function honestTotals(
  calibration: ValueIntervalCalibration,
  churnProb: ArrayLike<number>,
  predicted: ArrayLike<number>,
  level = 0.8,
): HonestTotals {
  checkLevel(level);
  const moments = new Map<RatioBin, { m1: number; m2: number }>();
  const z = normalQuantile(0.5 + level / 2);
  const sums = { total: 0, mean: 0, variance: 0, riskTotal: 0, riskMean: 0, riskVariance: 0 };
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i];
    const bin = binOf(calibration, p);
    let m = moments.get(bin);
    if (!m) moments.set(bin, (m = binMoments(bin)));
    const times = bin === calibration.zero ? 1 : p;
    const mean = m.m1 * times;
    const square = m.m2 * times * times;
    const c = churnProb[i];
    sums.total += p;
    sums.mean += mean;
    sums.variance += Math.max(0, square - mean * mean);
    sums.riskTotal += c * p;
    sums.riskMean += c * mean;
    // Var(B Y) = c E[Y^2] - c^2 E[Y]^2.
    sums.riskVariance += Math.max(0, c * square - c * c * mean * mean);
  }
  const interval = (total: number, mean: number, variance: number): TotalInterval => {
    const half = z * Math.sqrt(variance);
    return { total, mean, low: Math.max(0, mean - half), high: mean + half, level };
  };
  return {
    clv: interval(sums.total, sums.mean, sums.variance),
    valueAtRisk: interval(sums.riskTotal, sums.riskMean, sums.riskVariance),
  };
}
