// The learned part of actions.json beyond the plan's reductions (issue 22 items 3 and 5): per action with
// outcomes, its learned retention effect per segment with intervals and flags, and its Qini curve from the
// past campaigns, ranked by the uplift the plan would predict now (in-sample: the same campaigns taught it).
// docs/playbook.md, "Reading the per-segment table and the Qini curve".
import type { Database } from '../db/database.ts';
import type { ActionEffects, Learned } from '../../models/effects/learn-effects.ts';
import type { Outcome } from '../../models/effects/arms.ts';
import { qini } from '../../models/effects/qini.ts';
import { learnedEffects, outcomeParams, readOutcomes, type LearnOptions } from '../plan/learned-effects.ts';
import { planEffects, predictedUplift, type PlanEffects } from '../plan/plan-effects.ts';
import type { Playbook } from '../plan/playbook-schema.ts';

/** Published retention effects: 4 decimals (a hundredth of a percentage point) keep the JSON small. */
const r4 = (v: number) => Math.round(v * 1e4) / 1e4;

/** Curve points per action: quantiles of the targeted fraction. */
const QINI_POINTS = 50;

const interval = (s: { mean: number; low: number; high: number }) => ({
  mean: r4(s.mean),
  low: r4(s.low),
  high: r4(s.high),
});

function segmentRow(dimension: string, level: string, treated: number, control: number, l: Learned) {
  return {
    dimension,
    level,
    treated,
    control,
    prior: r4(l.prior.mean),
    observed: l.observed && interval(l.observed),
    learned: interval(l.posterior),
    includesZero: l.posterior.includesZero,
    tooSmall: l.tooSmall,
  };
}

/** One action's retention effect per segment (and overall), or null without outcomes. */
function actionSegments(a: ActionEffects, plan: PlanEffects['actions'][number]) {
  if (!a.retention || a.treated + a.control === 0) return null;
  return {
    action: a.action,
    dimension: plan.dimension,
    overall: segmentRow('all', 'all', a.treated, a.control, a.retention),
    segments: a.segments.map((s) => segmentRow(s.dimension, s.level, s.treated, s.control, s.retention)),
  };
}

/** The action's Qini curve: uplift = the plan's reduction for the customer's segment × his churn probability. */
function actionQini(k: number, a: ActionEffects, outcomes: readonly Outcome[], plan: PlanEffects) {
  const customers = outcomes.map((o) => {
    const churn = o.churnProb ?? a.baselineChurn ?? 0;
    return { uplift: predictedUplift(plan, k, o.segments, churn), churn, control: o.control, retained: o.retained };
  });
  const curve = qini(customers, QINI_POINTS);
  if (!curve) return null;
  return {
    action: a.action,
    dimension: plan.actions[k].dimension,
    treated: curve.treated,
    control: curve.control,
    total: r4(curve.total),
    coefficient: r4(curve.coefficient),
    points: curve.points.map((p) => ({ phi: r4(p.phi), qini: r4(p.qini), random: r4(p.random) })),
  };
}

/** The plan's effects with, per action with outcomes, its segments and its Qini curve. */
export async function learnedDetails(db: Database, playbook: Playbook, options: LearnOptions) {
  const learned = await learnedEffects(db, playbook, options);
  const plan = planEffects(playbook, learned);
  const outcomes = await readOutcomes(db, outcomeParams(learned.observedUntil, options));
  // The action with the most evidence first: the page opens on it.
  const evidence = (x: { overall: { treated: number; control: number } }) => x.overall.treated + x.overall.control;
  const segments = learned.actions
    .flatMap((a, k) => actionSegments(a, plan.actions[k]) ?? [])
    .sort((x, y) => evidence(y) - evidence(x) || x.action.localeCompare(y.action));
  const curves = learned.actions.flatMap((a, k) => actionQini(k, a, outcomes.get(a.action) ?? [], plan) ?? []);
  return { plan, segments, qini: curves, minControls: learned.minControls };
}
