// Customer segments of the plan: lifecycle stage (relative to each customer's own usual purchase gap
// and to absolute days) and the named RFM segment from R, F, M quintiles (the value tier is the
// score's: pipeline/score/value-tiers.ts). Pure functions: the thresholds come from config and every
// edge is tested. The stage and segment codes are the vocabulary's (pipeline/vocabulary.ts).
import type { Lifecycle, RfmSegment } from '../vocabulary.ts';

export interface LifecycleConfig {
  /** Customers younger than this are new (unless they have already gone silent). */
  newDays: number;
  /** Silent after max(silentDays, silentGapMultiple x usual gap) without a purchase. */
  silentDays: number;
  silentGapMultiple: number;
  /** Churned after max(churnedDays, churnedGapMultiple x usual gap) without a purchase. */
  churnedDays: number;
  churnedGapMultiple: number;
}

export const DEFAULT_LIFECYCLE: LifecycleConfig = {
  newDays: 90,
  silentDays: 60,
  silentGapMultiple: 2,
  churnedDays: 180,
  churnedGapMultiple: 4,
};

export interface LifecycleInput {
  tenureDays: number;
  /** Days since the last purchase; for a customer who never bought, days since signup. */
  recencyDays: number;
  /**
   * Mean days between purchase days; for fewer than two purchase days the caller passes the
   * population's typical gap (plan-stage.ts), or null: absolute days alone.
   */
  usualGapDays: number | null;
  purchases: number;
}

export function lifecycleStage(c: LifecycleInput, cfg: LifecycleConfig = DEFAULT_LIFECYCLE): Lifecycle {
  const gap = c.usualGapDays ?? 0;
  const churnedAfter = Math.max(cfg.churnedDays, cfg.churnedGapMultiple * gap);
  const silentAfter = Math.max(cfg.silentDays, cfg.silentGapMultiple * gap);
  if (c.recencyDays >= churnedAfter) return 'churned';
  if (c.tenureDays < cfg.newDays) return 'new';
  if (c.purchases === 0 || c.recencyDays >= silentAfter) return 'silent';
  return 'active';
}

/**
 * The usual named RFM segments from quintile scores 1..5 (5 = most recent / most frequent / highest
 * spend), on R and the rounded mean of F and M. Rules are checked in order; every (R, FM) pair maps.
 */
export function rfmSegment(r: number, f: number, m: number): RfmSegment {
  const fm = Math.round((f + m) / 2);
  if (r >= 4 && fm >= 4) return 'champions';
  if (r >= 3 && fm >= 4) return 'loyal';
  if (r >= 4 && fm >= 2) return 'potential_loyalists';
  if (r === 5 && fm === 1) return 'new_customers';
  if (r === 4 && fm === 1) return 'promising';
  if (r === 3 && fm >= 2) return 'need_attention';
  if (r === 3) return 'about_to_sleep';
  if (r <= 2 && fm === 5) return 'cannot_lose';
  if (r <= 2 && fm >= 3) return 'at_risk';
  if (r === 2) return 'hibernating';
  return 'lost';
}

/** Quintile scores 1..5 of a column: 5 for the best fifth. Ties share the lower score. */
export function quintileScores(values: ArrayLike<number>, higherIsBetter: boolean): Uint8Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    higherIsBetter ? values[a] - values[b] : values[b] - values[a],
  );
  const out = new Uint8Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const score = Math.min(5, Math.floor((i * 5) / n) + 1);
    for (let k = i; k <= j; k++) out[order[k]] = score;
    i = j + 1;
  }
  return out;
}
