// actions.json: what the retention plan of the scoring run does (customers per action and channel,
// capacity used, expected saved value, control group sizes) and what recorded actions measurably did
// (treated vs control, from pipeline/plan/effect.ts), and the candidates the page's what-if replans
// (publish-what-if.ts). Read only; labels come from site.json.
import type { Config } from '../config/config-schema.ts';
import type { Database } from '../db/database.ts';
import { readSql } from '../db/database.ts';
import type { Playbook } from '../plan/playbook-schema.ts';
import { effectReport } from '../plan/effect.ts';
import { explores } from '../plan/plan-effects.ts';
import { loadPlaybook } from '../plan/playbook.ts';
import { learnedDetails } from './publish-learned.ts';
import { whatIfData } from './publish-what-if.ts';

const round = (v: number | null, digits = 2) =>
  v === null || !Number.isFinite(v) ? null : Math.round(v * 10 ** digits) / 10 ** digits;

type PlanRow = {
  action: string;
  channel: string;
  customers: number;
  control: number;
  value_at_risk: number;
  net_benefit: number;
  campaign: string;
};

export async function actionsReport(db: Database, asOf: string, config: Config) {
  const playbook = loadPlaybook(config.plan.playbook);
  const byCode = new Map(playbook.actions.map((a) => [a.code, a]));
  const rows = await db.all<PlanRow>(readSql(import.meta.url, 'actions-plan.sql'), { as_of: asOf }, 'actions-plan.sql');
  const plan = rows.map((r) => {
    const action = byCode.get(r.action);
    const cost = (action?.cost ?? 0) * r.customers;
    return {
      action: r.action,
      channel: r.channel,
      customers: r.customers,
      control: r.control,
      // Net benefit is saved - cost per contact, with each contact's own (learned) reduction.
      expectedSaved: round(r.net_benefit + cost),
      cost: round(cost),
      netBenefit: round(r.net_benefit),
    };
  });
  const used = new Map<string, number>();
  for (const p of plan) used.set(p.channel, (used.get(p.channel) ?? 0) + p.customers);
  const capacity = Object.entries(playbook.channels).map(([channel, c]) => ({
    channel,
    capacity: c.capacityPerWeek * playbook.planningWeeks,
    used: used.get(channel) ?? 0,
  }));
  const effects = await effectReport(db, { horizonDays: config.horizonDays });
  const learned = await learnedPlanEffects(db, asOf, config, playbook);
  const sum = (key: 'customers' | 'control' | 'expectedSaved' | 'cost' | 'netBenefit') =>
    round(plan.reduce((s, p) => s + (p[key] ?? 0), 0));
  return {
    asOf,
    campaign: rows[0]?.campaign ?? playbook.campaign,
    planningWeeks: playbook.planningWeeks,
    controlShare: playbook.controlShare,
    totals: {
      customers: sum('customers'),
      control: sum('control'),
      expectedSaved: sum('expectedSaved'),
      cost: sum('cost'),
      netBenefit: sum('netBenefit'),
      // Value at risk of the customers the plan contacts: what the team's capacity covers (overview).
      valueAtRisk: round(rows.reduce((s, r) => s + r.value_at_risk, 0)),
    },
    plan,
    capacity,
    effects: {
      horizonDays: effects.horizonDays,
      observedUntil: effects.observedUntil,
      pending: effects.pending,
      actions: effects.actions,
    },
    learned,
    whatIf: await whatIfData(db, asOf, config, playbook),
  };
}

/** Playbook vs learned reductions, exploration contacts, and per action its segments and Qini curve. */
async function learnedPlanEffects(db: Database, asOf: string, config: Config, playbook: Playbook) {
  // Learned as the plan of `asOf` learned them: from follow-up windows closed before it.
  const details = await learnedDetails(db, playbook, {
    horizonDays: config.horizonDays,
    valueHorizonDays: config.valueHorizonDays,
    until: asOf,
  });
  const effects = details.plan;
  const contacted = await db.all<{ id: string }>(
    'SELECT customer_id AS id FROM plan WHERE as_of = CAST($as_of AS DATE) AND action IS NOT NULL AND NOT control',
    { as_of: asOf },
  );
  return {
    exploration: { share: effects.exploration, contacts: contacted.filter((r) => explores(effects, r.id)).length },
    actions: effects.actions.map((a) => ({
      action: a.action,
      prior: a.prior,
      learned: round(a.learned.mean, 4),
      learnedSd: round(a.learned.sd, 4),
      treated: a.treated,
      control: a.control,
      dimension: a.dimension,
    })),
    // Per action with outcomes: the retention effect per segment, and its Qini curve (in-sample).
    minControls: details.minControls,
    segments: details.segments,
    qini: details.qini,
  };
}
