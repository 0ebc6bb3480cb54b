// Treated and control arms of one action (or one of its segments) and the differences between them:
// the retention difference with a smoothed Wald variance, the revenue difference with a given per-arm
// variance. Pure and I/O-free.
import type { Estimate } from './shrinkage.ts';

/** One action taken (or held out): did the customer buy in the follow-up window, and what he spent. */
export interface Outcome {
  control: boolean;
  retained: boolean;
  revenue: number;
  /** Churn probability and predicted value at the scoring date the action came from; null: not linked. */
  churnProb: number | null;
  predictedValue: number | null;
  /** The customer's level per segment dimension at that date (e.g. valueTier -> vip); absent: not known. */
  segments: Readonly<Record<string, string>>;
}

export interface Arm {
  n: number;
  retained: number;
  revenueSum: number;
  revenueSquares: number;
}

export const emptyArm = (): Arm => ({ n: 0, retained: 0, revenueSum: 0, revenueSquares: 0 });

export function addToArm(arm: Arm, o: Outcome): void {
  arm.n += 1;
  arm.retained += o.retained ? 1 : 0;
  arm.revenueSum += o.revenue;
  arm.revenueSquares += o.revenue * o.revenue;
}

export const retentionRate = (a: Arm) => a.retained / a.n;
export const revenueMean = (a: Arm) => a.revenueSum / a.n;

/** Sample variance of revenue (n − 1 denominator); 0 below two customers. */
export function revenueVariance(a: Arm): number {
  if (a.n < 2) return 0;
  return Math.max(0, (a.revenueSquares - (a.revenueSum * a.revenueSum) / a.n) / (a.n - 1));
}

/**
 * Retention difference treated − control. The variance uses rates smoothed to (x + 0.5)/(n + 1), so a
 * small segment where everyone (or no one) bought does not claim zero variance and infinite weight.
 */
export function retentionDifference(t: Arm, c: Arm): Estimate | null {
  if (t.n === 0 || c.n === 0) return null;
  const smoothed = (a: Arm) => (a.retained + 0.5) / (a.n + 1);
  const st = smoothed(t);
  const sc = smoothed(c);
  return { y: retentionRate(t) - retentionRate(c), v: (st * (1 - st)) / t.n + (sc * (1 - sc)) / c.n };
}

/**
 * Revenue difference treated − control with the given per-arm variances (the action's, for its segments:
 * a small segment's own variance is too noisy to weigh it by). Null without a variance to weigh by.
 */
export function revenueDifference(t: Arm, c: Arm, varT: number, varC: number): Estimate | null {
  if (t.n === 0 || c.n === 0) return null;
  const v = varT / t.n + varC / c.n;
  return v > 0 ? { y: revenueMean(t) - revenueMean(c), v } : null;
}
