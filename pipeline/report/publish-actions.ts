// actions.json: what the retention plan of the scoring run does (customers per action and channel,
// capacity used, expected saved value, control group sizes) and what recorded actions measurably did
// (treated vs control, from pipeline/plan/effect.ts), and the candidates the page's what-if replans
// (publish-what-if.ts). Read only; labels come from site.json.
import type { Config } from '../config/config-schema.ts';
import type { Database } from '../db/database.ts';
import { readSql } from '../db/database.ts';
import { effectReport } from '../plan/effect.ts';
import { loadPlaybook } from '../plan/playbook.ts';
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
      expectedSaved: round(r.value_at_risk * (action?.expectedReduction ?? 0)),
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
    whatIf: await whatIfData(db, asOf, config, playbook),
  };
}
