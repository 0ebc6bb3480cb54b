// Effects learned from the team's own campaigns (docs/playbook.md, "Effects learned from your campaigns"):
// reads each action's outcomes with the customer's segments at the scoring date the action came from, and
// hands them per playbook action to models/effects, which starts at the playbook's expectedReduction and
// moves with the evidence. The plan reads the posteriors from here.
import { withOutcomes } from './effect.ts';
import type { Database, Params } from '../db/database.ts';
import { readSql } from '../db/database.ts';
import { historyRange } from '../history.ts';
import type { Outcome } from '../../models/effects/arms.ts';
import { learnActionEffects, type ActionEffects } from '../../models/effects/learn-effects.ts';
import type { Playbook } from './playbook-schema.ts';

export interface LearnOptions {
  horizonDays: number;
  valueHorizonDays: number;
  campaign?: string;
  /** Pseudo-customers per arm the playbook's prior is worth (default 200). */
  priorStrength?: number;
  /** Fewer controls than this in an action or segment: too small to tell (default 30). */
  minControls?: number;
  /** Learn only from follow-up windows closed before this day (a plan at an earlier date); default: all observed. */
  until?: string;
}

export interface LearnedEffects {
  horizonDays: number;
  observedUntil: string | null;
  priorStrength: number;
  minControls: number;
  actions: ActionEffects[];
  /** Action codes with outcomes that the playbook does not list: no prior to learn from. */
  notInPlaybook: string[];
}

export const DEFAULT_PRIOR_STRENGTH = 200;
export const DEFAULT_MIN_CONTROLS = 30;

type OutcomeRow = {
  action_id: string;
  action: string;
  is_control: boolean;
  retained: boolean;
  revenue: number;
  lifecycle: string | null;
  value_tier: string | null;
  risk_tier: string | null;
  churn_prob: number | null;
  predicted_value: number | null;
};

/** Each action's outcomes (ordered by action id) with the customer's segments when it was taken. */
export async function readOutcomes(db: Database, params: Params): Promise<Map<string, Outcome[]>> {
  const rows = await db.all<OutcomeRow>(withOutcomes('effect-outcomes.sql'), params, 'effect-outcomes.sql');
  const attributes = await db.all<{ action_id: string; name: string; value: string }>(
    readSql(import.meta.url, 'effect-attributes.sql'),
    params,
    'effect-attributes.sql',
  );
  const attributesOf = new Map<string, Record<string, string>>();
  for (const a of attributes) {
    attributesOf.set(a.action_id, { ...attributesOf.get(a.action_id), [`attribute:${a.name}`]: a.value });
  }
  const byAction = new Map<string, Outcome[]>();
  for (const r of rows) {
    const segments: Record<string, string> = { ...attributesOf.get(r.action_id) };
    if (r.lifecycle !== null) segments.lifecycle = r.lifecycle;
    if (r.value_tier !== null) segments.valueTier = r.value_tier;
    if (r.risk_tier !== null) segments.riskTier = r.risk_tier;
    const list = byAction.get(r.action) ?? [];
    list.push({
      control: r.is_control,
      retained: r.retained,
      revenue: r.revenue,
      churnProb: r.churn_prob,
      predictedValue: r.predicted_value,
      segments,
    });
    byAction.set(r.action, list);
  }
  return byAction;
}

/** readOutcomes' parameters: the follow-up window, observed until the history's end, one campaign or all. */
export function outcomeParams(observedUntil: string | null, options: LearnOptions): Params {
  return {
    horizon: options.horizonDays,
    observed_until: observedUntil ?? '1970-01-01',
    campaign: options.campaign ?? null,
  };
}

/** Per playbook action and segment: the posterior of the retention and the value effect. */
export async function learnedEffects(db: Database, playbook: Playbook, options: LearnOptions): Promise<LearnedEffects> {
  const { defaultAsOf } = await historyRange(db);
  // A plan dated earlier than the history's end must not learn from what followed its date.
  const observedUntil = options.until && defaultAsOf && options.until < defaultAsOf ? options.until : defaultAsOf;
  const priorStrength = options.priorStrength ?? DEFAULT_PRIOR_STRENGTH;
  const minControls = options.minControls ?? DEFAULT_MIN_CONTROLS;
  const byAction = await readOutcomes(db, outcomeParams(observedUntil, options));
  // Actions not linked to any scoring date scale the prior by the latest scores' mean churn probability.
  const [latest] = await db.all<{ churn: number | null }>(
    'SELECT avg(churn_prob) AS churn FROM scores WHERE as_of = (SELECT max(as_of) FROM scores)',
  );
  const effectOptions = {
    priorStrength,
    minControls,
    valueScale: options.horizonDays / options.valueHorizonDays,
    baselineChurn: latest?.churn ?? null,
  };
  const actions = playbook.actions.map((a) =>
    learnActionEffects(a.code, a.expectedReduction, byAction.get(a.code) ?? [], effectOptions),
  );
  const known = new Set(playbook.actions.map((a) => a.code));
  const notInPlaybook = [...byAction.keys()].filter((code) => !known.has(code)).sort();
  return { horizonDays: options.horizonDays, observedUntil, priorStrength, minControls, actions, notInPlaybook };
}
