// `churn effect`: what each retention action did, treated vs control. Retention = bought within the
// horizon after the action; revenue = net spend in it. Differences come with 95% normal-approximation
// intervals (Wald for proportions, Welch for means); an action whose interval contains zero is flagged.
import type { Database } from '../db/database.ts';
import { readSql } from '../db/database.ts';
import { historyRange } from '../history.ts';

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

export interface Side {
  n: number;
  retention: number;
  revenue: number;
  /** Shares of actions reported as reaching the customer / accepted; null when none reported it. */
  contactRate: number | null;
  acceptRate: number | null;
}

export interface ActionEffect {
  action: string;
  treated: Side;
  control: Side;
  retentionLift: Interval | null;
  revenueLift: Interval | null;
  /** True when the retention interval contains zero (or there is no control group to compare with). */
  inconclusive: boolean;
}

export interface EffectReport {
  horizonDays: number;
  observedUntil: string | null;
  actions: ActionEffect[];
  pending: number;
}

const Z95 = 1.959963984540054;

export async function effectReport(
  db: Database,
  options: { horizonDays: number; campaign?: string },
): Promise<EffectReport> {
  const { defaultAsOf } = await historyRange(db);
  const observedUntil = defaultAsOf;
  const rows = await db.all<{
    action: string;
    is_control: boolean;
    n: number;
    retention: number;
    revenue_mean: number;
    revenue_var: number;
    contact_rate: number | null;
    accept_rate: number | null;
  }>(
    withOutcomes('effect.sql'),
    { horizon: options.horizonDays, observed_until: observedUntil ?? '1970-01-01', campaign: options.campaign ?? null },
    'effect.sql',
  );
  const [pending] = await db.all<{ n: number }>(
    `SELECT count(*) AS n FROM actions WHERE ts + to_days(CAST($h AS INTEGER)) > CAST($until AS TIMESTAMP)
       AND ($campaign IS NULL OR campaign = $campaign)`,
    { h: options.horizonDays, until: observedUntil ?? '1970-01-01', campaign: options.campaign ?? null },
  );
  const byAction = new Map<string, { t?: (typeof rows)[number]; c?: (typeof rows)[number] }>();
  for (const r of rows) {
    const entry = byAction.get(r.action) ?? {};
    if (r.is_control) entry.c = r;
    else entry.t = r;
    byAction.set(r.action, entry);
  }
  const actions = [...byAction.entries()].map(([action, { t, c }]) => {
    const side = (r?: (typeof rows)[number]): Side => ({
      n: r?.n ?? 0,
      retention: r?.retention ?? 0,
      revenue: r?.revenue_mean ?? 0,
      contactRate: r?.contact_rate ?? null,
      acceptRate: r?.accept_rate ?? null,
    });
    const retentionLift = t && c ? proportionDifference(t.retention, t.n, c.retention, c.n) : null;
    const revenueLift =
      t && c ? meanDifference(t.revenue_mean, t.revenue_var, t.n, c.revenue_mean, c.revenue_var, c.n) : null;
    return {
      action,
      treated: side(t),
      control: side(c),
      retentionLift,
      revenueLift,
      inconclusive: retentionLift === null || (retentionLift.low <= 0 && retentionLift.high >= 0),
    };
  });
  return { horizonDays: options.horizonDays, observedUntil, actions, pending: pending.n };
}

export function proportionDifference(p1: number, n1: number, p2: number, n2: number): Interval {
  const estimate = p1 - p2;
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  return { estimate, low: estimate - Z95 * se, high: estimate + Z95 * se };
}

export function meanDifference(m1: number, v1: number, n1: number, m2: number, v2: number, n2: number): Interval {
  const estimate = m1 - m2;
  const se = Math.sqrt(v1 / n1 + v2 / n2);
  return { estimate, low: estimate - Z95 * se, high: estimate + Z95 * se };
}

/** A query of this folder with the per-action outcomes (action-outcomes.sql) composed in at {{outcomes}}. */
export function withOutcomes(file: string): string {
  return readSql(import.meta.url, file).replace('{{outcomes}}', readSql(import.meta.url, 'action-outcomes.sql'));
}
