// Segments beyond the plan's, for segments.json: every customer attribute by level, the interest
// segment (top category by spend) and the habit segment (habits.ts), each level with customers,
// predicted churn rate (mean churn probability), predicted value and value at risk. Interest and habit
// need the snapshot's category and time-of-day columns: without them (or without any category) null.
import type { Database } from '../db/database.ts';
import { readSql } from '../db/database.ts';
import { readNamedSql } from '../db/named-sql.ts';
import { MISSING_LEVEL, OTHER_LEVEL, type ReportAttribute } from './attribute-levels.ts';
import { HABIT_SEGMENTS, HABIT_THRESHOLDS } from './habits.ts';

/** Levels a chart shows at most: the 11 largest and the rest as one "other" level. */
export const MAX_LEVELS = 12;

type Row = {
  segment: string | null;
  customers: number;
  churn_sum: number;
  predicted_value: number;
  value_at_risk: number;
};

export interface Breakdown {
  level: string;
  customers: number;
  churnRate: number;
  predictedValue: number;
  valueAtRisk: number;
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

function breakdown(r: Row): Breakdown {
  return {
    level: r.segment ?? MISSING_LEVEL,
    customers: r.customers,
    churnRate: round(r.churn_sum / r.customers, 4),
    predictedValue: round(r.predicted_value),
    valueAtRisk: round(r.value_at_risk),
  };
}

/** Sums levels past the first MAX_LEVELS - 1 (rows largest first, missing last) into OTHER_LEVEL. */
function fold(rows: Row[]): Row[] {
  const named = rows.filter((r) => r.segment !== null);
  const missing = rows.filter((r) => r.segment === null);
  if (named.length <= MAX_LEVELS) return [...named, ...missing];
  const rest = named.slice(MAX_LEVELS - 1);
  const sum = (k: 'customers' | 'churn_sum' | 'predicted_value' | 'value_at_risk') =>
    rest.reduce((s, r) => s + r[k], 0);
  const other: Row = {
    segment: OTHER_LEVEL,
    customers: sum('customers'),
    churn_sum: sum('churn_sum'),
    predicted_value: sum('predicted_value'),
    value_at_risk: sum('value_at_risk'),
  };
  return [...named.slice(0, MAX_LEVELS - 1), other, ...missing];
}

/** Every attribute's levels (attribute_levels must be prepared on this connection). */
export async function attributeBreakdowns(db: Database, asOf: string, attributes: ReportAttribute[]) {
  const rows = await db.all<Row & { name: string; level: string }>(
    readSql(import.meta.url, 'attribute-segments.sql'),
    { as_of: asOf, names: attributes.map((a) => a.name) },
    'attribute-segments.sql',
  );
  return attributes.map((a) => {
    const own = rows.filter((r) => r.name === a.name).map((r) => breakdown({ ...r, segment: r.level }));
    // Categorical: largest first; numeric: quartiles in order; folded and missing levels last.
    const rank = (b: Breakdown) => (b.level === MISSING_LEVEL ? 2 : b.level === OTHER_LEVEL ? 1 : 0);
    own.sort(
      (x, y) =>
        rank(x) - rank(y) ||
        (a.kind === 'numeric'
          ? x.level.localeCompare(y.level)
          : y.customers - x.customers || x.level.localeCompare(y.level)),
    );
    return { name: a.name, kind: a.kind, label: a.label, levels: own };
  });
}

async function featureColumns(db: Database): Promise<Set<string>> {
  const rows = await db.all<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'features'`,
    {},
    'features (columns)',
  );
  return new Set(rows.map((r) => r.name));
}

/** Interest and habit segments at the as-of snapshot; null where the snapshot cannot say. */
export async function interestAndHabits(db: Database, asOf: string) {
  const columns = await featureColumns(db);
  const sql = readNamedSql(import.meta.url, 'interest-habit.sql');
  const interestRows = columns.has('top_category')
    ? await db.all<Row>(sql.interest, { as_of: asOf }, 'interest-habit.sql interest')
    : [];
  const habitRows =
    columns.has('night_share_365') && columns.has('weekend_share_365')
      ? await db.all<Row>(
          sql.habit,
          { as_of: asOf, night: HABIT_THRESHOLDS.nightOwl, weekend: HABIT_THRESHOLDS.weekendShopper },
          'interest-habit.sql habit',
        )
      : [];
  const order = (s: string | null) => HABIT_SEGMENTS.indexOf(s as (typeof HABIT_SEGMENTS)[number]);
  return {
    // Without any category the interest segment says nothing: no view rather than one "no category" bar.
    interest: interestRows.some((r) => r.segment !== null) ? fold(interestRows).map(breakdown) : null,
    habit: habitRows.length
      ? {
          thresholds: HABIT_THRESHOLDS,
          levels: habitRows.sort((a, b) => order(a.segment) - order(b.segment)).map(breakdown),
        }
      : null,
  };
}
