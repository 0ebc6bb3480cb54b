// Plan stage: turns one date's scores into the retention plan: lifecycle, value tier, RFM segment,
// then at most one playbook action per customer within channel capacity, with a control group.
import type { Config } from '../config/config-schema.ts';
import { addDays } from '../dates.ts';
import type { Database } from '../db/database.ts';
import { readSql } from '../db/database.ts';
import { UserError } from '../errors.ts';
import { latestScoredDate } from '../score/latest-scored.ts';
import { valueTiers, type ValueTierConfig } from '../score/value-tiers.ts';
import { assignActions, type PlanCustomer, type PlanLimits } from './assign.ts';
import { learnedEffects } from './learned-effects.ts';
import { planEffects, type PlanEffects } from './plan-effects.ts';
import type { Playbook } from './playbook-schema.ts';
import type { PlanOutcome } from '../../reports/components/plan-greedy.js';
import { lifecycleStage, quintileScores, rfmSegment, type LifecycleConfig } from './segments.ts';

export interface PlanOptions {
  asOf?: string;
  playbook: Playbook;
  lifecycle: LifecycleConfig;
  valueTiers: ValueTierConfig;
  /** What-if settings of this run (churn plan --capacity, --budget). */
  limits?: PlanLimits;
  /** Follow-up and value horizons to learn the actions' effects over; absent: the playbook's numbers only. */
  learn?: { horizonDays: number; valueHorizonDays: number };
}

export interface PlanSummary {
  asOf: string;
  campaign: string;
  customers: number;
  contacted: number;
  control: number;
  expectedNetBenefit: number;
  /** Customers left without an action: expected to buy within 7 days without one (playbook holdLikelyBuyers). */
  heldAsLikelyBuyers: number;
  byAction: { action: string; channel: string; contacted: number; control: number; netBenefit: number }[];
  capacity: Record<string, { capacity: number; used: number }>;
  /** The budget the plan was held to (null: none) and what its contacts cost. */
  budget: number | null;
  spent: number;
  /** Expected customers retained, value saved, cost and net benefit of the contacts (assign.ts). */
  outcome: PlanOutcome;
  lifecycle: Record<string, number>;
  segments: Record<string, number>;
  /** The playbook's exploration share as applied (0 before any evidence) and the contacts it chose. */
  exploration: { share: number; contacts: number };
  /** Per playbook action: its prior (expectedReduction) next to the learned reduction and the evidence. */
  effects: {
    action: string;
    prior: number;
    learned: number;
    learnedSd: number;
    treated: number;
    control: number;
    dimension: string | null;
  }[];
}

type InputRow = {
  customer_id: string;
  churn_prob: number;
  risk_tier: string;
  predicted_value: number;
  reasons: string;
  tenure_days: number;
  recency_days: number;
  frequency_total: number;
  monetary_total: number;
  usual_gap_days: number | null;
  days_to_contract_end: number | null;
  p_purchase_7: number | null;
  next_purchase_days: number | null;
  churn_low: number | null;
  churn_high: number | null;
  value_low: number | null;
  value_high: number | null;
};

/** The plan's options from the config: its lifecycle and value tiers, and effects learned over its horizons. */
export function planOptionsOf(
  config: Pick<Config, 'plan' | 'horizonDays' | 'valueHorizonDays'>,
  playbook: Playbook,
  asOf?: string,
): PlanOptions {
  return {
    asOf,
    playbook,
    lifecycle: config.plan.lifecycle,
    valueTiers: config.plan.valueTiers,
    learn: { horizonDays: config.horizonDays, valueHorizonDays: config.valueHorizonDays },
  };
}

export async function planStage(db: Database, options: PlanOptions): Promise<PlanSummary> {
  const { asOf, customers, rfm } = await planCustomersAt(db, options);
  if (customers.length === 0) throw new UserError(`no scores at ${asOf}: run \`churn score --as-of ${asOf}\` first`);
  const effects = await planEffectsOf(db, { ...options, asOf });
  const result = assignActions(customers, options.playbook, options.limits, effects);
  await writePlan(db, asOf, options.playbook.campaign, customers, rfm, result.assignments);
  return summarisePlan(asOf, options.playbook, customers, result, effects);
}

/** The effects the plan assigns by: learned from the database's actions when options.learn is given. */
export async function planEffectsOf(db: Database, options: PlanOptions): Promise<PlanEffects> {
  const learned = options.learn
    ? await learnedEffects(db, options.playbook, { ...options.learn, until: options.asOf })
    : null;
  return planEffects(options.playbook, learned);
}

/** The scored customers of one date (the latest by default) as the plan sees them; none without scores. */
export async function planCustomersAt(
  db: Database,
  options: PlanOptions,
): Promise<{ asOf: string; customers: PlanCustomer[]; rfm: Rfm[] }> {
  const asOf = options.asOf ?? (await latestScoredDate(db));
  const rows = await db.all<InputRow>(await planInputsSql(db), { as_of: asOf }, 'plan-inputs.sql');
  return rows.length === 0 ? { asOf, customers: [], rfm: [] } : { asOf, ...planCustomers(rows, options) };
}

/** plan-inputs.sql, reading the contract's end where the features have one (subscription histories). */
async function planInputsSql(db: Database): Promise<string> {
  const [row] = await db.all<{ n: number }>(
    "SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'features' AND column_name = 'months_to_contract_end'",
  );
  const sql = readSql(import.meta.url, 'plan-inputs.sql');
  return row.n > 0 ? sql : sql.replace(/\/\*\{contract\}\*\/[\s\S]*?\/\*\{\/contract\}\*\//, 'NULL');
}

type Rfm = [number, number, number];

/** Each scored customer's value tier, RFM scores, lifecycle stage and segment. */
function planCustomers(rows: InputRow[], options: PlanOptions): { customers: PlanCustomer[]; rfm: Rfm[] } {
  // Value tier by predicted CLV; customers without a usable prediction fall back to historic spend.
  const value = rows.map((r) => (Number.isFinite(r.predicted_value) ? r.predicted_value : r.monetary_total));
  const tiers = valueTiers(value, options.valueTiers);
  const buyers = rows.map((r, i) => [r, i] as const).filter(([r]) => r.frequency_total > 0);
  const rScore = quintileScores(
    buyers.map(([r]) => r.recency_days),
    false,
  );
  const fScore = quintileScores(
    buyers.map(([r]) => r.frequency_total),
    true,
  );
  const mScore = quintileScores(
    buyers.map(([r]) => r.monetary_total),
    true,
  );
  const rfm = rows.map(() => [1, 1, 1] as Rfm);
  buyers.forEach(([, i], k) => (rfm[i] = [rScore[k], fScore[k], mScore[k]]));

  const typicalGap = typicalGapDays(rows);
  const customers: PlanCustomer[] = rows.map((r, i) => {
    const lifecycle = lifecycleStage(
      {
        tenureDays: r.tenure_days,
        recencyDays: r.recency_days,
        usualGapDays: r.usual_gap_days ?? typicalGap,
        purchases: r.frequency_total,
      },
      options.lifecycle,
    );
    return {
      customerId: r.customer_id,
      churnProb: r.churn_prob,
      predictedValue: value[i],
      lifecycle,
      valueTier: tiers[i],
      riskTier: r.risk_tier,
      // Customers who never bought have no RFM position: they are new or lost, by lifecycle.
      segment: r.frequency_total > 0 ? rfmSegment(...rfm[i]) : lifecycle === 'new' ? 'new_customers' : 'lost',
      drivers: r.reasons ? r.reasons.split(';') : [],
      daysToContractEnd: r.days_to_contract_end,
      pPurchase7: r.p_purchase_7,
      nextPurchaseDays: r.next_purchase_days,
      churnLow: r.churn_low,
      churnHigh: r.churn_high,
      // The bounds belong to the prediction: none for the historic spend standing in for it.
      valueLow: Number.isFinite(r.predicted_value) ? r.value_low : null,
      valueHigh: Number.isFinite(r.predicted_value) ? r.value_high : null,
    };
  });
  return { customers, rfm };
}

/**
 * The population's typical gap: the median usual gap of the customers with a repeat purchase day,
 * null without any (the lifecycle then counts absolute days). It stands in for the usual gap of a
 * customer without a repeat purchase, who has none of his own (docs/playbook.md).
 */
export function typicalGapDays(rows: readonly Pick<InputRow, 'usual_gap_days'>[]): number | null {
  const gaps = rows.flatMap((r) => (r.usual_gap_days === null ? [] : [r.usual_gap_days])).sort((a, b) => a - b);
  if (gaps.length === 0) return null;
  const mid = gaps.length >> 1;
  return gaps.length % 2 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
}

type Assignments = ReturnType<typeof assignActions>;

/** Replaces the date's rows of `plan`: one per customer, with its action when it has one. */
async function writePlan(
  db: Database,
  asOf: string,
  campaign: string,
  customers: PlanCustomer[],
  rfm: Rfm[],
  assignments: Assignments['assignments'],
): Promise<void> {
  await db.run('DELETE FROM plan WHERE as_of = CAST($as_of AS DATE)', { as_of: asOf }, 'plan (clear)');
  const appender = await db.appender('plan');
  customers.forEach((c, i) => {
    const a = assignments[i];
    appender.appendVarchar(asOf);
    appender.appendVarchar(c.customerId);
    appender.appendVarchar(c.lifecycle);
    appender.appendVarchar(c.valueTier);
    for (const s of rfm[i]) appender.appendTinyInt(s);
    appender.appendVarchar(c.segment);
    if (a) {
      appender.appendVarchar(a.action);
      appender.appendVarchar(a.channel);
      appender.appendDouble(a.netBenefit);
      if (a.priority === null) appender.appendNull();
      else appender.appendInteger(a.priority);
      appender.appendVarchar(addDays(asOf, a.dueDays));
    } else {
      for (let k = 0; k < 5; k++) appender.appendNull();
    }
    appender.appendBoolean(a?.control ?? false);
    appender.appendVarchar(campaign);
    appender.endRow();
  });
  appender.closeSync();
}

function summarisePlan(
  asOf: string,
  playbook: Playbook,
  customers: PlanCustomer[],
  result: Assignments,
  effects: PlanEffects,
): PlanSummary {
  const byAction = new Map<string, PlanSummary['byAction'][number]>();
  const lifecycleCounts: Record<string, number> = {};
  const segmentCounts: Record<string, number> = {};
  let expectedNetBenefit = 0;
  customers.forEach((c, i) => {
    const a = result.assignments[i];
    lifecycleCounts[c.lifecycle] = (lifecycleCounts[c.lifecycle] ?? 0) + 1;
    segmentCounts[c.segment] = (segmentCounts[c.segment] ?? 0) + 1;
    if (!a) return;
    const entry = byAction.get(a.action) ?? {
      action: a.action,
      channel: a.channel,
      contacted: 0,
      control: 0,
      netBenefit: 0,
    };
    if (a.control) entry.control++;
    else {
      entry.contacted++;
      entry.netBenefit += a.netBenefit;
      expectedNetBenefit += a.netBenefit;
    }
    byAction.set(a.action, entry);
  });
  const round = (v: number) => Math.round(v * 100) / 100;
  const actions = [...byAction.values()].map((e) => ({ ...e, netBenefit: round(e.netBenefit) }));
  return {
    asOf,
    campaign: playbook.campaign,
    customers: customers.length,
    contacted: actions.reduce((s, a) => s + a.contacted, 0),
    control: actions.reduce((s, a) => s + a.control, 0),
    expectedNetBenefit: round(expectedNetBenefit),
    heldAsLikelyBuyers: result.heldAsLikelyBuyers,
    byAction: playbook.actions
      .map((a) => a.code)
      .filter((code) => byAction.has(code))
      .map((code) => actions.find((x) => x.action === code)!),
    capacity: Object.fromEntries(
      Object.keys(result.capacity).map((k) => [k, { capacity: result.capacity[k], used: result.usedCapacity[k] }]),
    ),
    budget: result.budget,
    spent: round(result.spent),
    outcome: result.outcome,
    lifecycle: lifecycleCounts,
    segments: segmentCounts,
    exploration: { share: effects.exploration, contacts: result.explorationContacts },
    effects: effects.actions.map((a) => ({
      action: a.action,
      prior: a.prior,
      learned: a.learned.mean,
      learnedSd: a.learned.sd,
      treated: a.treated,
      control: a.control,
      dimension: a.dimension,
    })),
  };
}

/** The stage's one-line summary. */
export function planLine(p: PlanSummary): string {
  return (
    `${p.contacted.toLocaleString('en')} customers to contact (${p.control.toLocaleString('en')} held out as control), ` +
    `expected net benefit ${p.expectedNetBenefit.toLocaleString('en', { maximumFractionDigits: 0 })}` +
    (p.heldAsLikelyBuyers > 0
      ? `; ${p.heldAsLikelyBuyers.toLocaleString('en')} likely to buy within 7 days left alone`
      : '')
  );
}
