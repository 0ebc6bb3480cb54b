// segments.json: the customer base of one scoring run cut by the plan's segments: the RFM grid
// (recency x frequency score), named RFM segments, lifecycle stages and their flows since the
// previous plan, and the value tier x risk tier matrix, each with customers and value at risk; then
// every customer attribute, the interest and the habit segments (segment-breakdowns.ts).
import type { Database } from '../db/database.ts';
import { readSql } from '../db/database.ts';
import type { ReportAttribute } from './attribute-levels.ts';
import { attributeBreakdowns, interestAndHabits } from './segment-breakdowns.ts';

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

type Row = {
  r_score: number;
  f_score: number;
  segment: string;
  lifecycle: string;
  value_tier: string;
  risk_tier: string;
  customers: number;
  m_score_sum: number;
  predicted_value: number;
  value_at_risk: number;
};

/** Sums rows by the given key columns into {…keys, customers, predictedValue, valueAtRisk[, mScore]}. */
function rollUp(rows: Row[], keys: (keyof Row)[], names: string[]) {
  const groups = new Map<
    string,
    { key: Record<string, unknown>; customers: number; m: number; predicted: number; risk: number }
  >();
  for (const r of rows) {
    const id = keys.map((k) => r[k]).join('\u0000');
    const g = groups.get(id) ?? {
      key: Object.fromEntries(keys.map((k, i) => [names[i], r[k]])),
      customers: 0,
      m: 0,
      predicted: 0,
      risk: 0,
    };
    g.customers += r.customers;
    g.m += r.m_score_sum;
    g.predicted += r.predicted_value;
    g.risk += r.value_at_risk;
    groups.set(id, g);
  }
  return [...groups.values()].map((g) => ({
    ...g.key,
    customers: g.customers,
    meanMScore: round(g.m / g.customers, 2),
    predictedValue: round(g.predicted),
    valueAtRisk: round(g.risk),
  }));
}

export async function segmentsReport(db: Database, asOf: string, attributes: ReportAttribute[]) {
  const rows = await db.all<Row>(readSql(import.meta.url, 'segments.sql'), { as_of: asOf }, 'segments.sql');
  const [prev] = await db.all<{ previous: string | null }>(
    `SELECT strftime(max(as_of), '%Y-%m-%d') AS previous FROM plan WHERE as_of < CAST($as_of AS DATE)`,
    { as_of: asOf },
  );
  const flows = prev.previous
    ? await db.all<{ from: string; to: string; customers: number }>(
        readSql(import.meta.url, 'lifecycle-flows.sql'),
        { as_of: asOf, previous: prev.previous },
        'lifecycle-flows.sql',
      )
    : [];
  return {
    asOf,
    rfm: rollUp(rows, ['r_score', 'f_score'], ['r', 'f']),
    segments: rollUp(rows, ['segment'], ['segment']),
    lifecycle: rollUp(rows, ['lifecycle'], ['lifecycle']),
    valueRisk: rollUp(rows, ['value_tier', 'risk_tier'], ['valueTier', 'riskTier']),
    flows: prev.previous ? { from: prev.previous, to: asOf, flows } : null,
    attributes: await attributeBreakdowns(db, asOf, attributes),
    ...(await interestAndHabits(db, asOf)),
  };
}
