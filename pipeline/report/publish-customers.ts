// customers.json: one detail record per customer at the top of the at-risk list (config
// report.detailCustomers, most value at risk first): attributes, current scores and reasons in both
// languages, the plan's action, scores over every scoring run, and monthly interactions over the last
// 24 months by event type (declared types included: their labels are in site.json labels.eventType).
// P(alive) only for customers with a repeat purchase (null otherwise: BG/NBD's 1 for a one-time buyer
// means "no evidence", not "certainly active"). Contact data masked unless report.showContacts. Their feedback texts (customer-feedback.ts) are masked
// always.
import type { Config } from '../config/config-schema.ts';
import type { Database } from '../db/database.ts';
import { readSql } from '../db/database.ts';
import { contactFields } from './mask.ts';
import type { ReportAttribute } from './attribute-levels.ts';
import { attributeValues, type CustomerAttributes } from './attribute-values.ts';
import { customerFeedback, type Feedback } from './customer-feedback.ts';

const round = (v: number | null, digits = 2) =>
  v === null || !Number.isFinite(v) ? null : Math.round(v * 10 ** digits) / 10 ** digits;

type Detail = Record<string, string | number | boolean | null>;

export async function customersReport(db: Database, asOf: string, config: Config, attributes: ReportAttribute[]) {
  const n = config.report.detailCustomers;
  const people =
    n > 0
      ? await db.all<Detail>(
          readSql(import.meta.url, 'customer-detail.sql'),
          { as_of: asOf, tiers: config.export.tiers, n },
          'customer-detail.sql',
        )
      : [];
  const ids = people.map((p) => p.customer_id as string);
  const timeline = ids.length
    ? await db.all<{ customer_id: string; month: string; type: string; events: number; amount: number }>(
        readSql(import.meta.url, 'customer-timeline.sql'),
        { as_of: asOf, ids },
        'customer-timeline.sql',
      )
    : [];
  const runs = ids.length
    ? await db.all<{
        customer_id: string;
        as_of: string;
        churn_prob: number;
        predicted_value: number;
        risk_tier: string;
      }>(
        `WITH ids AS (SELECT unnest($ids) AS customer_id)
         SELECT s.customer_id, strftime(s.as_of, '%Y-%m-%d') AS as_of, s.churn_prob, s.predicted_value, s.risk_tier
         FROM scores s JOIN ids USING (customer_id) WHERE s.as_of <= CAST($as_of AS DATE) ORDER BY 1, 2`,
        { as_of: asOf, ids },
        'customer scores over runs',
      )
    : [];
  const values = await attributeValues(db, ids, attributes);
  const feedback = await customerFeedback(db, asOf, ids);
  const events = group(timeline);
  const scores = group(runs);
  const show = config.report.showContacts;
  return {
    asOf,
    count: people.length,
    // Theme codes of the feedback, with their labels in both languages (text_state's themes).
    themes: feedback.themes,
    // False for a history without feedback text (a shop's purchase log): no empty Feedback box.
    feedbackTexts: feedback.anyText,
    customers: people.map((p) => ({
      ...detail(
        p,
        show,
        scores.get(p.customer_id as string) ?? [],
        events.get(p.customer_id as string) ?? [],
        values.get(p.customer_id as string),
      ),
      feedback: feedback.byCustomer.get(p.customer_id as string) ?? ([] as Feedback[]),
    })),
  };
}

type RunRow = { customer_id: string; as_of: string; churn_prob: number; predicted_value: number; risk_tier: string };
type MonthRow = { customer_id: string; month: string; type: string; events: number; amount: number };

/** One customer's detail record: attributes (contacts masked unless shown), scores, reasons, plan, runs and timeline. */
function detail(p: Detail, show: boolean, runs: RunRow[], timeline: MonthRow[], attributes?: CustomerAttributes) {
  const reasons = JSON.parse(p.reason_labels as string) as { code: string; en: string; 'zh-CN': string }[];
  return {
    customerId: p.customer_id as string,
    ...contactFields(p, show),
    region: p.region,
    plan: p.plan,
    acquisition: p.acquisition,
    // Every attribute's value by name (labels: site.json attributes).
    attributes: attributes?.values ?? {},
    signupDate: p.signup_date,
    riskTier: p.risk_tier,
    churnProb: round(p.churn_prob as number, 4),
    predictedValue: round(p.predicted_value as number),
    valueAtRisk: round(p.value_at_risk as number),
    // Purchase days before the as-of date; BG/NBD's P(alive) and its band only with a repeat purchase
    // (x >= 1): without one the model cannot see a dropout and says 1 whatever the silence (issue 23).
    purchaseDays: Number(p.purchase_days),
    ...pAliveFields(p),
    // The value's interval (config intervals.level) and the next purchase (docs/intervals.md); null: none.
    valueLow: round(p.value_low as number | null),
    valueHigh: round(p.value_high as number | null),
    churnLow: round(p.churn_low as number | null, 4),
    churnHigh: round(p.churn_high as number | null, 4),
    intervalLevel: round(p.interval_level as number | null, 4),
    nextPurchase: (p.next_purchase as string | null) ?? null,
    nextPurchaseLow: (p.next_purchase_low as string | null) ?? null,
    nextPurchaseHigh: (p.next_purchase_high as string | null) ?? null,
    pPurchase30: round(p.p_purchase_30 as number | null, 4),
    valueTier: p.value_tier,
    segment: p.segment,
    lifecycle: p.lifecycle,
    action: p.action ?? 'none',
    channel: p.channel,
    priority: p.priority,
    control: p.control ?? false,
    dueDate: p.due_date,
    reasons: reasons.map((r) => r.code),
    reasonLabels: reasons.map((r) => r.en),
    reasonLabelsZh: reasons.map((r) => r['zh-CN']),
    runs: runs.map((s) => ({
      asOf: s.as_of,
      churnProb: round(s.churn_prob, 4),
      predictedValue: round(s.predicted_value),
      riskTier: s.risk_tier,
    })),
    timeline: timeline.map((e) => [e.month, e.type, e.events, e.amount]),
  };
}

/** P(alive) and its band, or nulls for a customer without a repeat purchase day. */
function pAliveFields(p: Detail) {
  const known = Number(p.purchase_days) >= 2;
  return {
    pAlive: known ? round(p.p_alive as number | null, 4) : null,
    pAliveLow: known ? round(p.p_alive_low as number | null, 4) : null,
    pAliveHigh: known ? round(p.p_alive_high as number | null, 4) : null,
  };
}

/** Rows grouped by customer, in their order. */
function group<T extends { customer_id: string }>(rows: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const list = map.get(r.customer_id);
    if (list) list.push(r);
    else map.set(r.customer_id, [r]);
  }
  return map;
}
