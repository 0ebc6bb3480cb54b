// Learned effects against the simulator's truth (truth.sql): per action and segment, the learned retention
// effect (posterior mean and 95% interval) beside the true one, after a number of campaigns.
import type { Database } from '../db/database.ts';
import { readSql } from '../db/database.ts';
import type { LearnedEffects } from '../plan/learned-effects.ts';

export interface SegmentTruth {
  action: string;
  /** lifecycle, valueTier, riskTier, or 'action' for the action over all its customers. */
  dimension: string;
  level: string;
  treated: number;
  control: number;
  truth: number;
  learned: number | null;
  low: number | null;
  high: number | null;
  /** |learned − truth|; null when nothing was learned for it. */
  error: number | null;
}

export interface TruthSummary {
  /** Segments with at least `minTreated` contacted customers: how many, the largest and mean error, how many within `tolerance`. */
  minTreated: number;
  tolerance: number;
  segments: number;
  within: number;
  maxError: number | null;
  meanError: number | null;
}

export async function compareWithTruth(db: Database, learned: LearnedEffects, cycle: number): Promise<SegmentTruth[]> {
  type TruthRow = Pick<SegmentTruth, 'action' | 'dimension' | 'level' | 'treated' | 'control' | 'truth'>;
  const rows = await db.all<TruthRow>(readSql(import.meta.url, 'truth.sql'), { cycle }, 'truth.sql');
  const byAction = new Map(learned.actions.map((a) => [a.action, a]));
  return rows.map((r) => {
    const a = byAction.get(r.action);
    const l =
      r.dimension === 'action'
        ? a?.retention
        : a?.segments.find((s) => s.dimension === r.dimension && s.level === r.level)?.retention;
    const post = l?.posterior ?? null;
    return {
      ...r,
      learned: post?.mean ?? null,
      low: post?.low ?? null,
      high: post?.high ?? null,
      error: post ? Math.abs(post.mean - r.truth) : null,
    };
  });
}

export function summariseTruth(rows: readonly SegmentTruth[], minTreated = 500, tolerance = 0.03): TruthSummary {
  const big = rows.filter((r) => r.dimension !== 'action' && r.treated >= minTreated && r.error !== null);
  const errors = big.map((r) => r.error as number);
  return {
    minTreated,
    tolerance,
    segments: big.length,
    within: errors.filter((e) => e <= tolerance).length,
    maxError: errors.length ? Math.max(...errors) : null,
    meanError: errors.length ? errors.reduce((s, e) => s + e, 0) / errors.length : null,
  };
}
