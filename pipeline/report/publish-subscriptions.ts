// subscriptions.json: the subscriptions page (docs/subscriptions.md, "Report page"). Lifetimes come from
// the features' own subscription_cte (pipeline/features/feature-fragments.sql) at the as-of date, so the
// page and the features agree on who is subscribed; publish-subscriptions.sql says how an end is dated.
// Retention curves by grouping, renewal by cohort, monthly churn and MRR, the contracts ending within
// 90 days with their risk, and the sBG per cohort against a holdout. Read only: temp tables and views.
import type { Config } from '../config/config-schema.ts';
import type { Database } from '../db/database.ts';
import { readNamedSql } from '../db/named-sql.ts';
import { SUBSCRIPTION_TYPES } from '../vocabulary.ts';
import { MISSING_LEVEL, type ReportAttribute } from './attribute-levels.ts';
import { contactFields } from './mask.ts';
import { groupBy, grouping } from './subscription-curves.ts';
import {
  cohortGrain,
  cohortOf,
  lifetimesOf,
  timestampMs,
  type Lifetime,
  type LifetimeRow,
} from './subscription-lifetimes.ts';
import { sbgByCohort } from './subscription-sbg.ts';

/** Rows of the contracts list. */
const CONTRACT_ROWS = 200;

const SQL = () => readNamedSql(import.meta.url, 'publish-subscriptions.sql');
const fragment = () =>
  readNamedSql(new URL('../features/feature-set.ts', import.meta.url).href, 'feature-fragments.sql');
const round = (v: number | null, digits: number) =>
  v === null || !Number.isFinite(v) ? null : Number(v.toFixed(digits));

/** True when the history holds any subscription event (the page and this file are about them). */
export async function hasSubscriptions(db: Database): Promise<boolean> {
  const [row] = await db.all<{ any: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM events WHERE list_contains($types, type)) AS "any"',
    { types: [...SUBSCRIPTION_TYPES] },
  );
  return row.any;
}

/** What the page reads when there are no subscription events: a note, never a stale file. */
export const noSubscriptions = (asOf: string) => ({ asOf, available: false });

/** Every subscriber's lifetime at the as-of date (ended or censored), by the features' own subscription rules. */
export async function subscriptionLifetimes(db: Database, asOf: string): Promise<Lifetime[]> {
  const sql = SQL();
  await db.run(
    sql.lifetimes.replace('{{subscription_cte}}', fragment().subscription_cte),
    { cutoff: asOf },
    'lifetimes',
  );
  return lifetimesOf(await db.all<LifetimeRow>(sql.lifetime_rows, {}, 'lifetime_rows'), asOf);
}

export async function subscriptionsReport(db: Database, asOf: string, config: Config, attributes: ReportAttribute[]) {
  const lifetimes = await subscriptionLifetimes(db, asOf);
  const grain = cohortGrain(lifetimes.map((l) => l.started));
  return {
    asOf,
    available: true,
    subscribers: lifetimes.length,
    ended: lifetimes.filter((l) => l.ended).length,
    cohortGrain: grain,
    curves: await curves(db, lifetimes, grain, attributes),
    renewal: await renewal(db, asOf, grain),
    monthly: await monthly(db, asOf),
    contracts: await contracts(db, asOf, config),
    sbg: sbgByCohort(lifetimes, timestampMs(`${asOf} 00:00:00`), grain),
  };
}

async function curves(
  db: Database,
  lifetimes: ReturnType<typeof lifetimesOf>,
  grain: ReturnType<typeof cohortGrain>,
  attributes: ReportAttribute[],
) {
  const levels = await db.all<{ customer_id: string; name: string; level: string }>(SQL().levels, {}, 'levels');
  const byAttribute = new Map<string, Map<string, string>>();
  for (const l of levels) {
    if (!byAttribute.has(l.name)) byAttribute.set(l.name, new Map());
    byAttribute.get(l.name)!.set(l.customer_id, l.level);
  }
  const categorical = attributes.filter((a) => a.kind === 'categorical' && byAttribute.has(a.name));
  return [
    grouping('overall', [['all', lifetimes]]),
    grouping(
      'cohort',
      groupBy(lifetimes, (l) => cohortOf(l.started, grain), MISSING_LEVEL),
    ),
    grouping(
      'currentPlan',
      groupBy(lifetimes, (l) => l.plan, MISSING_LEVEL),
    ),
    ...categorical.map((a) => {
      const level = byAttribute.get(a.name)!;
      return grouping(
        a.name,
        groupBy(lifetimes, (l) => level.get(l.customerId) ?? null, MISSING_LEVEL),
      );
    }),
  ];
}

async function renewal(db: Database, asOf: string, grain: string) {
  const cells = await db.all<{ cohort: string; month: number; observed: number; subscribed: number }>(
    SQL().renewal,
    { cutoff: asOf, grain },
    'renewal',
  );
  return cells.map((c) => ({ ...c, rate: round(c.subscribed / c.observed, 4) }));
}

async function monthly(db: Database, asOf: string) {
  const months = await db.all<{
    month: string;
    subscribers: number;
    ended: number;
    mrr_start: number;
    mrr_lost_ends: number;
    mrr_lost_downgrades: number;
    nrr_base: number | null;
    nrr_now: number | null;
  }>(SQL().monthly, { cutoff: asOf }, 'monthly');
  return months.map((m) => ({
    month: m.month,
    subscribers: m.subscribers,
    ended: m.ended,
    churnRate: m.subscribers > 0 ? round(m.ended / m.subscribers, 6) : null,
    mrrStart: round(m.mrr_start, 2),
    mrrLostEnds: round(m.mrr_lost_ends, 2),
    mrrLostDowngrades: round(m.mrr_lost_downgrades, 2),
    revenueChurn: m.mrr_start > 0 ? round((m.mrr_lost_ends + m.mrr_lost_downgrades) / m.mrr_start, 6) : null,
    // null: no subscriber 12 months before (or none with revenue)
    nrr: m.nrr_base && m.nrr_base > 0 ? round((m.nrr_now ?? 0) / m.nrr_base, 6) : null,
  }));
}

async function contracts(db: Database, asOf: string, config: Config) {
  const sql = SQL();
  await db.run(sql.contracts_due, { cutoff: asOf }, 'contracts_due');
  const windows = await db.all<Record<string, number>>(sql.contracts_summary, {}, 'contracts_summary');
  const list = await db.all<Record<string, string | number | null>>(
    sql.contracts_list,
    { limit: CONTRACT_ROWS },
    'contracts_list',
  );
  // Private by default, as the at-risk list: contact data leaves the pipeline masked.
  const show = config.report.showContacts;
  return {
    contacts: show ? 'full' : 'masked',
    windows: windows.map((w) => ({
      days: w.days,
      contracts: w.contracts,
      high: w.high,
      medium: w.medium,
      low: w.low,
      mrr: round(w.mrr, 2),
      valueAtRisk: round(w.value_at_risk, 2),
    })),
    rows: list.map((r) => ({
      customerId: r.customer_id,
      ...contactFields(r, show),
      contractEnd: r.contract_end,
      daysLeft: r.days_left,
      termMonths: r.term_months,
      plan: r.current_plan,
      mrr: round(r.mrr as number | null, 2),
      churnProb: round(r.churn_prob as number | null, 4),
      riskTier: r.risk_tier,
      valueAtRisk: round(r.value_at_risk as number | null, 2),
    })),
  };
}
