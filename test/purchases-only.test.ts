// A real purchases-only log (issue 23): the Complete Journey baskets, loaded, trained, scored, planned
// and exported through the real CLI. Reasons, explanations and exports speak only of signals the
// history has (no logins, tickets or surveys here), a customer without a repeat purchase day is judged
// by the population's typical gap, and the export leaves out the customer columns nobody has.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../pipeline/db/database.ts';
import { churn } from './helpers/cli.ts';
import { tempDir } from './helpers/temp-db.ts';

const CJ = 'data/samples/completejourney';
const AS_OF = '2018-01-01';

let dir: string;
let cleanup: () => void;
let dbPath: string;
let db: Database;

function run(args: string[]): string {
  const r = churn([...args, '--db', dbPath, '--quiet']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('churn-purchases-only-'));
  dbPath = join(dir, 'churn.duckdb');
  // One year of history: horizons of 60 days fit (data/samples/completejourney/README.md).
  writeFileSync(join(dir, 'churn.config.json'), JSON.stringify({ horizonDays: 60, valueHorizonDays: 60 }));
  // A household whose two baskets fell on one day, 183-184 days before the as-of date.
  const oneDay = join(dir, 'one-day.csv');
  writeFileSync(
    oneDay,
    'customer_id,basket_id,ts,amount\nX1,X1-a,2017-07-01 10:00:00,20\nX1,X1-b,2017-07-01 18:00:00,30\n',
  );
  for (const file of [join(CJ, 'baskets.csv'), oneDay])
    run(['ingest', file, '--kind', 'events', '--map', join(CJ, 'mapping.json')]);
  for (const step of [['features'], ['train'], ['score']]) run([...step, '--as-of', AS_OF]);
  run(['export', '--out', join(dir, 'all.csv'), '--tier', 'high,medium,low']);
  db = await openDatabase(dbPath, { readOnly: true });
}, 180_000);
afterAll(() => {
  db?.close();
  cleanup?.();
});

describe('a purchases-only shop log', () => {
  it('gives no reason and no explanation about logins, tickets or surveys, which the log never records', async () => {
    const [events] = await db.all<{ other: number }>("SELECT count(*) AS other FROM events WHERE type <> 'purchase'");
    expect(events.other).toBe(0);
    const [scores] = await db.all<{ n: number; absent: number; overdue: number }>(
      `SELECT count(*) AS n,
              count(*) FILTER (reasons SIMILAR TO '.*(no_recent_login|unresolved_tickets|detractor).*') AS absent,
              count(*) FILTER (reasons LIKE '%overdue_purchase%') AS overdue
       FROM scores WHERE as_of = DATE '${AS_OF}'`,
    );
    expect(scores.n).toBe(2378);
    expect(scores.absent).toBe(0);
    // The signals the log has still give reasons.
    expect(scores.overdue).toBeGreaterThan(0);
    const [labels] = await db.all<{ n: number }>(
      `SELECT count(*) AS n FROM scores WHERE as_of = DATE '${AS_OF}' AND reason_labels::VARCHAR ILIKE '%login%'`,
    );
    expect(labels.n).toBe(0);
    // Days since a login is no copy of tenure the model could learn from and name.
    const [days] = await db.all<{ lo: number; hi: number }>(
      `SELECT min(days_since_login) AS lo, max(days_since_login) AS hi FROM features WHERE cutoff = DATE '${AS_OF}'`,
    );
    expect([days.lo, days.hi]).toEqual([0, 0]);
    const [{ model_id }] = await db.all<{ model_id: string }>('SELECT any_value(model_id) AS model_id FROM scores');
    const evaluation = JSON.parse(readFileSync(join(dir, 'models', model_id, 'evaluation.json'), 'utf8')) as {
      importance: { feature: string; aucDrop: number }[];
    };
    const login = evaluation.importance.filter((f) => f.feature.includes('login'));
    expect(login.length).toBeGreaterThan(0);
    for (const f of login) expect(f.aucDrop).toBe(0);
  });

  it('calls a customer without a repeat purchase day silent or churned by the typical gap, not active', async () => {
    const [x1] = await db.all<{ lifecycle: string; recency: number; frequency: number }>(
      `SELECT p.lifecycle, f.recency_days AS recency, f.frequency_total AS frequency
       FROM plan p JOIN features f ON f.customer_id = p.customer_id AND f.cutoff = p.as_of
       WHERE p.as_of = DATE '${AS_OF}' AND p.customer_id = 'X1'`,
    );
    expect(x1.frequency).toBe(2);
    expect(x1.recency).toBeGreaterThan(180);
    expect(x1.lifecycle).not.toBe('active');
    // Against the raw events: no customer whose purchases all fell on one day at least 180 days ago is active.
    const [wrong] = await db.all<{ n: number }>(
      `WITH d AS (SELECT customer_id, count(DISTINCT CAST(ts AS DATE)) AS purchase_days, max(ts) AS last_ts
                  FROM events WHERE type = 'purchase' GROUP BY customer_id)
       SELECT count(*) AS n FROM plan p JOIN d USING (customer_id)
       WHERE p.as_of = DATE '${AS_OF}' AND d.purchase_days = 1
         AND d.last_ts <= DATE '${AS_OF}' - INTERVAL 180 DAY AND p.lifecycle = 'active'`,
    );
    expect(wrong.n).toBe(0);
    // Nor is the overdue reason kept from them: silent for far longer than the typical gap, they get it,
    // without an "x the usual gap" they do not have.
    const [reasons] = await db.all<{ reasons: string; labels: string }>(
      `SELECT reasons, CAST(reason_labels AS VARCHAR) AS labels FROM scores WHERE as_of = DATE '${AS_OF}' AND customer_id = 'X1'`,
    );
    expect(reasons.reasons.split(';')).toContain('overdue_purchase');
    expect(reasons.labels).toMatch(/No purchase for 18\d days"/);
    // Against the raw events: every customer with one purchase day, silent 180+ days, has the reason.
    const [missing] = await db.all<{ n: number; one: number }>(
      `WITH d AS (SELECT customer_id, count(DISTINCT CAST(ts AS DATE)) AS purchase_days, max(ts) AS last_ts
                  FROM events WHERE type = 'purchase' AND ts < DATE '${AS_OF}' GROUP BY customer_id)
       SELECT count(*) FILTER (NOT contains(s.reasons, 'overdue_purchase')) AS n, count(*) AS one
       FROM scores s JOIN d USING (customer_id)
       WHERE s.as_of = DATE '${AS_OF}' AND d.purchase_days = 1 AND d.last_ts <= DATE '${AS_OF}' - INTERVAL 180 DAY`,
    );
    expect(missing.one).toBeGreaterThan(0);
    expect(missing.n).toBe(0);
  });

  it('exports no always-empty contact or attribute column', () => {
    const [header, first] = readFileSync(join(dir, 'all.csv'), 'utf8').split('\n');
    const columns = header.split(',');
    for (const empty of ['Name', 'Email', 'Phone', 'Region', 'Plan']) expect(columns).not.toContain(empty);
    expect(columns.slice(0, 2)).toEqual(['Customer ID', 'Segment']);
    expect(first.split(',')[0]).not.toBe('');
  });

  // Last: it scores again with tiers by share.
  it('tiers by share: the top 5% and next 10% by value at risk, not most of the base', async () => {
    const before = await tierCounts();
    expect(before.high + before.medium).toBeGreaterThan(0.25 * 2378);
    const config = join(dir, 'by-share.json');
    writeFileSync(config, JSON.stringify({ horizonDays: 60, valueHorizonDays: 60, riskTiers: { by: 'share' } }));
    db.close(); // the CLI writes: no other process may hold the file meanwhile
    run(['score', '--as-of', AS_OF, '--config', config]);
    db = await openDatabase(dbPath, { readOnly: true });
    expect(await tierCounts()).toEqual({ high: 119, medium: 238, low: 2021 });
    // Every high customer has at least the value at risk of every medium one, and so on down.
    const [order] = await db.all<{ n: number }>(
      `SELECT count(*) AS n FROM scores a JOIN scores b ON a.as_of = b.as_of
       WHERE a.as_of = DATE '${AS_OF}' AND a.risk_tier = 'high' AND b.risk_tier <> 'high' AND a.value_at_risk < b.value_at_risk`,
    );
    expect(order.n).toBe(0);
  });
});

async function tierCounts(): Promise<Record<string, number>> {
  const rows = await db.all<{ tier: string; n: number }>(
    `SELECT risk_tier AS tier, count(*) AS n FROM scores WHERE as_of = DATE '${AS_OF}' GROUP BY 1`,
  );
  return Object.fromEntries(['high', 'medium', 'low'].map((t) => [t, rows.find((r) => r.tier === t)?.n ?? 0]));
}
