// The reduction of churn the plan expects from each action for each customer (docs/playbook.md, "The plan
// uses what was learned"): the learned retention effect of the customer's segment (learned-effects.ts),
// turned back into the playbook's relative scale, and for a small exploration share of customers a draw
// from that posterior instead of its mean (Thompson sampling), so actions that look poor still get evidence.
// An action without evidence keeps the playbook's expectedReduction exactly.
import { createHash } from 'node:crypto';
import type { ActionEffects, Learned } from '../../models/effects/learn-effects.ts';
import type { LearnedEffects } from './learned-effects.ts';
import type { CustomerProfile } from './match.ts';
import type { Playbook } from './playbook-schema.ts';

/** A relative reduction of the churn probability: posterior mean and sd. */
export interface Reduction {
  mean: number;
  sd: number;
}

export interface ActionReduction {
  action: string;
  prior: number;
  /** The action's own learned reduction (all segments), or the prior without evidence. */
  learned: Reduction;
  treated: number;
  control: number;
  /** The segment dimension the plan reads per customer (most between-segment spread); null: none. */
  dimension: 'lifecycle' | 'valueTier' | 'riskTier' | null;
  levels: Record<string, Reduction>;
}

export interface PlanEffects {
  actions: ActionReduction[];
  /** Share of customers whose pairs are drawn from the posterior; 0 until there is any evidence. */
  exploration: number;
  seed: string;
}

/** Dimensions a plan customer carries; declared attributes are not on the plan's customers. */
const PLAN_DIMENSIONS = ['lifecycle', 'valueTier', 'riskTier'] as const;

/** The learned posterior on the playbook's relative scale: posterior / prior x expectedReduction. */
function relative(l: Learned, expectedReduction: number): Reduction {
  const scale = expectedReduction / l.prior.mean;
  return { mean: l.posterior.mean * scale, sd: l.posterior.sd * scale };
}

function actionReduction(a: ActionEffects): ActionReduction {
  const base = { action: a.action, prior: a.expectedReduction, treated: a.treated, control: a.control };
  const r = a.retention;
  // No evidence (or no churn level to scale by): the playbook's number exactly, with the prior's spread.
  if (!r || a.treated + a.control === 0 || !(r.prior.mean > 0)) {
    const sd = r && r.prior.mean > 0 ? r.prior.sd * (a.expectedReduction / r.prior.mean) : 0;
    return { ...base, learned: { mean: a.expectedReduction, sd }, dimension: null, levels: {} };
  }
  const spread = a.heterogeneity
    .filter((h) => (PLAN_DIMENSIONS as readonly string[]).includes(h.dimension) && h.retentionTau2 > 0)
    .sort((x, y) => y.retentionTau2 - x.retentionTau2 || x.dimension.localeCompare(y.dimension));
  // Segments are pooled fully to the action's effect when their spread is nil: then the action's own is used.
  const dimension = (spread[0]?.dimension ?? null) as ActionReduction['dimension'];
  const levels = Object.fromEntries(
    a.segments
      .filter((s) => s.dimension === dimension && s.retention.prior.mean > 0)
      .map((s) => [s.level, relative(s.retention, a.expectedReduction)]),
  );
  return { ...base, learned: relative(r, a.expectedReduction), dimension, levels };
}

export function planEffects(playbook: Playbook, learned: LearnedEffects | null): PlanEffects {
  const actions = playbook.actions.map((p, k): ActionReduction => {
    const a = learned?.actions[k];
    return a && a.action === p.code
      ? actionReduction(a)
      : {
          action: p.code,
          prior: p.expectedReduction,
          learned: { mean: p.expectedReduction, sd: 0 },
          treated: 0,
          control: 0,
          dimension: null,
          levels: {},
        };
  });
  const evidence = actions.some((a) => a.treated + a.control > 0);
  // Before any campaign there is nothing to explore against: the first plan is the playbook's.
  return { actions, exploration: evidence ? playbook.exploration : 0, seed: playbook.campaign };
}

/** The reduction of action k for a customer: his segment's learned one, else the action's. */
export function reductionFor(effects: PlanEffects, k: number, c: CustomerProfile): Reduction {
  const a = effects.actions[k];
  return (a.dimension && a.levels[c[a.dimension]]) || a.learned;
}

/**
 * The uplift the plan predicts for a customer from action k: the reduction of his level (of the action's
 * dimension) x his churn probability. A level he lacks reads as none: the action's own reduction.
 */
export function predictedUplift(
  effects: PlanEffects,
  k: number,
  levels: { lifecycle?: string | null; valueTier?: string | null; riskTier?: string | null },
  churn: number,
): number {
  const profile = {
    lifecycle: levels.lifecycle ?? '',
    valueTier: levels.valueTier ?? '',
    riskTier: levels.riskTier ?? '',
    segment: '',
    drivers: [],
  };
  return reductionFor(effects, k, profile).mean * churn;
}

function hashUnit(...parts: string[]): number {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  // 53 bits: never exactly 0, so the log below is finite.
  return (digest.readUInt32BE(0) * 2 ** 21 + (digest.readUInt32BE(4) >>> 11) + 0.5) / 2 ** 53;
}

/** Is the customer one whose actions are chosen by a draw (a deterministic function of id and seed)? */
export function explores(effects: PlanEffects, customerId: string): boolean {
  return effects.exploration > 0 && hashUnit(effects.seed, 'explore', customerId) < effects.exploration;
}

/** Thompson draw of action k's reduction for one customer: normal by Box-Muller from seeded hashes, at most 1. */
export function drawReduction(effects: PlanEffects, k: number, c: CustomerProfile & { customerId: string }): number {
  const { mean, sd } = reductionFor(effects, k, c);
  const code = effects.actions[k].action;
  const u1 = hashUnit(effects.seed, 'draw', c.customerId, code, '1');
  const u2 = hashUnit(effects.seed, 'draw', c.customerId, code, '2');
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.min(1, mean + sd * z);
}
