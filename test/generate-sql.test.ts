// The set-based benchmark generator: same seed, same rows; the shape of the history (event mix,
// events per customer, time order, churners fading out) follows generator.ts in spirit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../pipeline/db/database.ts';
import { eventLinksCurrent } from '../pipeline/features/event-links.ts';
import { generateWithSql } from '../pipeline/generate/sql-generator.ts';
import { tempDatabase } from './helpers/temp-db.ts';

let a: Awaited<ReturnType<typeof tempDatabase>>;
let b: Awaited<ReturnType<typeof tempDatabase>>;

const fingerprint = async (db: Database) =>
  (
    await db.all<{ h: string }>(
      `SELECT CAST(sum(hash(event_id, customer_id, ts, type, amount, score, channel, text)) AS VARCHAR) AS h FROM events`,
    )
  )[0].h;

beforeAll(async () => {
  a = await tempDatabase();
  b = await tempDatabase();
  await generateWithSql(a.db, { customers: 3000, seed: 7 });
  await generateWithSql(b.db, { customers: 3000, seed: 7 });
});
afterAll(() => {
  a.cleanup();
  b.cleanup();
});

describe('SQL generator', () => {
  it('gives the same rows for the same seed and other rows for another seed', async () => {
    expect(await fingerprint(a.db)).toBe(await fingerprint(b.db));
    await generateWithSql(b.db, { customers: 3000, seed: 8, replace: true });
    expect(await fingerprint(b.db)).not.toBe(await fingerprint(a.db));
  });

  it('leaves the event links current, as ingest does (features then read no stale links)', async () => {
    expect(await eventLinksCurrent(a.db)).toBe(true);
    expect(await eventLinksCurrent(b.db)).toBe(true);
  });

  it('starts the history where told (a longer history, more events per customer) and creates events without a key', async () => {
    const c = await tempDatabase();
    try {
      const summary = await generateWithSql(c.db, { customers: 1000, seed: 7, start: '2023-07-01' });
      const [facts] = await c.db.all<{ first: string; per_customer: number; keys: number }>(`
        SELECT strftime(min(ts), '%Y-%m') AS first, count(*) / 1000 AS per_customer,
          (SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'events' AND constraint_type = 'PRIMARY KEY') AS keys
        FROM events`);
      expect(facts.first).toBe('2023-07');
      expect(summary.events / 1000).toBeGreaterThan(75); // two years give 40-120, ~67 at 1M customers
      expect(facts.keys).toBe(0);
      const [ids] = await c.db.all<{ n: number; distinct_ids: number }>(
        'SELECT count(*) AS n, count(DISTINCT event_id) AS distinct_ids FROM events',
      );
      expect(ids.distinct_ids).toBe(ids.n);
      await expect(
        generateWithSql(c.db, { customers: 10, seed: 7, start: '2027-01-01', replace: true }),
      ).rejects.toThrow(/invalid start/);
      await expect(generateWithSql(c.db, { customers: 10, seed: 7, start: 'June', replace: true })).rejects.toThrow(
        /invalid start: June/,
      );
    } finally {
      c.cleanup();
    }
  });

  it('refuses to overwrite a history unless told to', async () => {
    await expect(generateWithSql(a.db, { customers: 10, seed: 7 })).rejects.toThrow(/already holds/);
  });

  it('writes a history shaped like the simulator: mix of events, time order, windows', async () => {
    const [facts] = await a.db.all<Record<string, number>>(`
      SELECT count(DISTINCT customer_id) AS active, count(*) / 3000 AS per_customer,
             count(*) FILTER (type = 'purchase') / count(*) AS purchase_share,
             count(*) FILTER (type = 'refund' AND amount >= 0) AS bad_refunds,
             count(*) FILTER (ts < TIMESTAMP '2024-07-01' OR ts >= TIMESTAMP '2026-07-01') AS outside,
             count(*) FILTER (e.ts < c.signup_date) AS before_signup
      FROM events e JOIN customers c USING (customer_id)`);
    expect(facts.active).toBeGreaterThan(2900);
    expect(facts.per_customer).toBeGreaterThan(40);
    expect(facts.per_customer).toBeLessThan(120);
    expect(facts.purchase_share).toBeGreaterThan(0.15);
    expect(facts.purchase_share).toBeLessThan(0.35);
    expect(facts.bad_refunds + facts.outside + facts.before_signup).toBe(0);
    const [order] = await a.db.all<{ unsorted: number }>(
      `SELECT count(*) FILTER (ts < prev) AS unsorted FROM (SELECT ts, lag(ts) OVER (ORDER BY rowid) AS prev FROM events)`,
    );
    expect(order.unsorted).toBe(0);
    // Churn: a good share of customers buy in the first year and never again in the last 120 days.
    const [churn] = await a.db.all<{ lapsed: number; buyers: number }>(`
      SELECT count(*) FILTER (last_buy < TIMESTAMP '2026-03-01') / count(*) AS lapsed, count(*) AS buyers
      FROM (SELECT customer_id, max(ts) AS last_buy FROM events WHERE type = 'purchase' GROUP BY ALL)`);
    expect(churn.lapsed).toBeGreaterThan(0.2);
    expect(churn.lapsed).toBeLessThan(0.8);
  });
});
