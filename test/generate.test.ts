// The synthetic history generator: deterministic CSV, a DuckDB load that matches it, data integrity,
// and the churn mechanism documented in pipeline/generate/generator.ts being visible in the data.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../pipeline/db/database.ts';
import { UserError } from '../pipeline/errors.ts';
import { generateHistory, type CustomerRow, type GenerateSummary } from '../pipeline/generate/generator.ts';
import { Rng } from '../pipeline/generate/prng.ts';
import { field, generateToCsv, timestampFormatter } from '../pipeline/generate/to-csv.ts';
import { generateIntoDatabase } from '../pipeline/generate/to-duckdb.ts';
import { eventLinksCurrent } from '../pipeline/features/event-links.ts';

const CUSTOMERS = 2500;
const SEED = 11;

let dir: string;
let db: Database;
let csvSummary: GenerateSummary;
let dbSummary: GenerateSummary;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'churn-generate-'));
  csvSummary = await generateToCsv(join(dir, 'a'), { customers: CUSTOMERS, seed: SEED });
  await generateToCsv(join(dir, 'b'), { customers: CUSTOMERS, seed: SEED });
  await generateToCsv(join(dir, 'c'), { customers: CUSTOMERS, seed: SEED + 1 });
  db = await openDatabase(join(dir, 'churn.duckdb'));
  dbSummary = await generateIntoDatabase(db, { customers: CUSTOMERS, seed: SEED });
});

afterAll(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const read = (sub: string, file: string) => readFileSync(join(dir, sub, file));
const count = async (sql: string) => (await db.all<{ n: number }>(sql))[0].n;

/** Records in an RFC 4180 file: line breaks outside quotes (fields may hold line breaks). */
function csvRecords(text: string): number {
  let records = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) quoted = !quoted;
    else if (ch === 10 && !quoted) records++;
  }
  return records;
}

describe('prng', () => {
  it('repeats a stream for the same seed and differs across seeds and streams', () => {
    const draw = (rng: Rng) => Array.from({ length: 5 }, () => rng.uint32());
    expect(draw(new Rng(42, 1))).toEqual(draw(new Rng(42, 1)));
    expect(draw(new Rng(42, 1))).not.toEqual(draw(new Rng(43, 1)));
    expect(draw(new Rng(42, 1))).not.toEqual(draw(new Rng(42, 2)));
  });

  it('draws distributions with the right means', () => {
    const rng = new Rng(7);
    const n = 20_000;
    const mean = (f: () => number) => Array.from({ length: n }, f).reduce((a, b) => a + b, 0) / n;
    expect(mean(() => rng.next())).toBeCloseTo(0.5, 1);
    expect(mean(() => rng.normal())).toBeCloseTo(0, 1);
    expect(mean(() => rng.gamma(2, 1.5))).toBeCloseTo(3, 0);
    expect(mean(() => rng.gamma(0.5, 2))).toBeCloseTo(1, 0);
    expect(mean(() => rng.poisson(3))).toBeCloseTo(3, 0);
    expect(mean(() => rng.poisson(50))).toBeCloseTo(50, -1);
    expect(mean(() => rng.exponential(4))).toBeCloseTo(4, 0);
  });
});

describe('generateHistory', () => {
  it('rejects bad options with a UserError naming the value', () => {
    const sink = { customer() {}, event() {} };
    expect(() => generateHistory({ customers: -1, seed: 1 }, sink)).toThrow(UserError);
    expect(() => generateHistory({ customers: 1.5, seed: 1 }, sink)).toThrow(/customers: 1.5/);
    expect(() => generateHistory({ customers: 1, seed: 1, start: '2025-02-30' }, sink)).toThrow(
      /start date: 2025-02-30/,
    );
    expect(() => generateHistory({ customers: 1, seed: 1, start: '2025-01-02', end: '2025-01-01' }, sink)).toThrow(
      UserError,
    );
  });

  it('draws customer i the same way whatever the number of customers', () => {
    const customers = (n: number) => {
      const rows: CustomerRow[] = [];
      generateHistory({ customers: n, seed: SEED }, { customer: (c) => rows.push(c), event() {} });
      return rows;
    };
    expect(customers(300).slice(0, 50)).toEqual(customers(50));
  });

  it('respects a custom window', () => {
    let first = Infinity;
    let last = -Infinity;
    const summary = generateHistory(
      { customers: 200, seed: 3, start: '2025-03-01', end: '2025-03-31' },
      { customer() {}, event: (e) => ((first = Math.min(first, e.ts)), (last = Math.max(last, e.ts))) },
    );
    expect(summary.events).toBeGreaterThan(0);
    expect(first).toBeGreaterThanOrEqual(Date.UTC(2025, 2, 1));
    expect(last).toBeLessThan(Date.UTC(2025, 3, 1));
  });
});

describe('generateToCsv', () => {
  it('writes byte-identical files for the same seed and different ones for another seed', () => {
    expect(read('a', 'customers.csv').equals(read('b', 'customers.csv'))).toBe(true);
    expect(read('a', 'events.csv').equals(read('b', 'events.csv'))).toBe(true);
    expect(read('a', 'customers.csv').equals(read('c', 'customers.csv'))).toBe(false);
    expect(read('a', 'events.csv').equals(read('c', 'events.csv'))).toBe(false);
  });

  it('writes the canonical header and one record per row', () => {
    const customers = read('a', 'customers.csv').toString('utf8');
    const events = read('a', 'events.csv').toString('utf8');
    expect(customers.split('\n')[0]).toBe('customer_id,signup_date,region,channel,plan,name,email,phone');
    expect(events.split('\n')[0]).toBe('event_id,customer_id,ts,type,amount,score,channel,text');
    expect(csvRecords(customers) - 1).toBe(csvSummary.customers);
    expect(csvRecords(events) - 1).toBe(csvSummary.events);
    expect(events).toMatch(/^E0000000001,C\d{6},2024-07-01 \d\d:\d\d:\d\d,/m);
    expect(events).toMatch(/,purchase,\d+\.\d\d,,/);
    expect(events).toMatch(/,refund,-\d+\.\d\d,,/);
  });

  it('quotes only where needed and formats timestamps in UTC', () => {
    expect(field(null)).toBe('');
    expect(field('plain')).toBe('plain');
    expect(field('Smith, John')).toBe('"Smith, John"');
    expect(field('say "hi"')).toBe('"say ""hi"""');
    expect(field('two\nlines')).toBe('"two\nlines"');
    expect(timestampFormatter()(Date.UTC(2025, 0, 2, 3, 4, 5))).toBe('2025-01-02 03:04:05');
  });
});

describe('generateIntoDatabase', () => {
  it('leaves the event links current, as ingest does (features then read no stale links)', async () => {
    expect(await eventLinksCurrent(db)).toBe(true);
  });

  it('loads as many rows as the summary and the CSV files hold', async () => {
    expect(dbSummary).toEqual(csvSummary);
    expect(await count('SELECT count(*) AS n FROM customers')).toBe(dbSummary.customers);
    expect(await count('SELECT count(*) AS n FROM events')).toBe(dbSummary.events);
    const byType = await db.all<{ type: string; n: number }>('SELECT type, count(*) AS n FROM events GROUP BY type');
    expect(Object.fromEntries(byType.map((r) => [r.type, r.n]))).toEqual(dbSummary.byType);
    expect(Object.keys(dbSummary.byType).sort()).toEqual([
      'care_contact',
      'email_open',
      'login',
      'purchase',
      'refund',
      'support_ticket',
      'survey',
      'ticket_resolved',
    ]);
  });

  it('holds exactly what the CSV files hold', async () => {
    const options = `header = true, quote = '"', escape = '"', all_varchar = true`;
    const csv = (file: string) => `read_csv('${join(dir, 'a', file)}', ${options})`;
    const differences = async (a: string, b: string) =>
      count(`SELECT count(*) AS n FROM ((${a} EXCEPT ALL ${b}) UNION ALL (${b} EXCEPT ALL ${a}))`);
    const customers = `SELECT customer_id, CAST(signup_date AS VARCHAR), region, channel, plan, name, email, phone FROM customers`;
    expect(await differences(customers, `SELECT * FROM ${csv('customers.csv')}`)).toBe(0);
    const events = `SELECT event_id, customer_id, strftime(ts, '%Y-%m-%d %H:%M:%S'), type,
      CASE WHEN amount IS NULL THEN NULL ELSE printf('%.2f', amount) END, CAST(CAST(score AS INTEGER) AS VARCHAR), channel, text FROM events`;
    expect(await differences(events, `SELECT * FROM ${csv('events.csv')}`)).toBe(0);
  });

  it('stores events in time order, with event ids increasing with time', async () => {
    const outOfOrder = await count(`
      SELECT count(*) AS n FROM (
        SELECT ts, event_id, lag(ts) OVER (ORDER BY rowid) AS prev_ts, lag(event_id) OVER (ORDER BY rowid) AS prev_id FROM events)
      WHERE ts < prev_ts OR event_id <= prev_id`);
    expect(outOfOrder).toBe(0);
  });

  it('keeps every event consistent with its customer and the window', async () => {
    expect(await count(`SELECT count(*) AS n FROM events e ANTI JOIN customers c USING (customer_id)`)).toBe(0);
    expect(
      await count(`SELECT count(*) AS n FROM events JOIN customers USING (customer_id) WHERE ts < signup_date`),
    ).toBe(0);
    expect(
      await count(`SELECT count(*) AS n FROM events WHERE ts < TIMESTAMP '2024-07-01' OR ts >= TIMESTAMP '2026-07-01'`),
    ).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM customers WHERE signup_date > DATE '2026-06-30'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM customers WHERE signup_date < DATE '2024-07-01'`)).toBeGreaterThan(
      CUSTOMERS * 0.3,
    );
  });

  it('keeps amounts and scores in range', async () => {
    expect(await count(`SELECT count(*) AS n FROM events WHERE type = 'purchase' AND NOT (amount > 0)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM events WHERE type = 'refund' AND NOT (amount < 0)`)).toBe(0);
    expect(
      await count(`SELECT count(*) AS n FROM events WHERE amount IS NOT NULL AND round(amount, 2) <> amount`),
    ).toBe(0);
    expect(
      await count(`SELECT count(*) AS n FROM events WHERE type NOT IN ('purchase', 'refund') AND amount IS NOT NULL`),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*) AS n FROM events WHERE type = 'survey' AND NOT (score BETWEEN 0 AND 10 AND score = round(score))`,
      ),
    ).toBe(0);
  });

  it('links refunds to earlier purchases and resolutions to earlier tickets of the same customer', async () => {
    const orphans = (type: string, parent: string, extra = '') =>
      count(`SELECT count(*) AS n FROM events r WHERE r.type = '${type}' AND NOT EXISTS (
        SELECT 1 FROM events p WHERE p.event_id = r.text AND p.type = '${parent}'
          AND p.customer_id = r.customer_id AND p.ts < r.ts ${extra})`);
    expect(await orphans('refund', 'purchase', 'AND -r.amount <= p.amount')).toBe(0);
    expect(await orphans('ticket_resolved', 'support_ticket')).toBe(0);
    const tickets = dbSummary.byType.support_ticket;
    const resolved = dbSummary.byType.ticket_resolved;
    expect(resolved / tickets).toBeGreaterThan(0.7);
    expect(resolved / tickets).toBeLessThan(0.95);
  });

  it('has realistic contact fields, including values a spreadsheet would treat as formulas', async () => {
    const [stats] = await db.all<Record<string, number>>(`
      SELECT count(*) FILTER (regexp_matches(name, '[\\x{4e00}-\\x{9fff}]')) / count(*) AS chinese,
             count(*) FILTER (starts_with(phone, '+86')) AS cn_phones,
             count(*) FILTER (list_contains(['=', '+', '-', '@'], name[1]) OR list_contains(['=', '-', '@'], email[1])) AS formula_like
      FROM customers`);
    expect(stats.chinese).toBeGreaterThan(0.3);
    expect(stats.chinese).toBeLessThan(0.5);
    expect(stats.cn_phones).toBeGreaterThan(CUSTOMERS * 0.2);
    expect(stats.formula_like).toBeGreaterThan(0);
    for (const lead of ['=', '+', '-', '@']) {
      const n = await count(`SELECT count(*) AS n FROM customers WHERE '${lead}' IN (name[1], email[1], phone[1])`);
      expect(n, `values starting with ${lead}`).toBeGreaterThan(0);
    }
  });

  it('makes unresolved tickets and detractor scores precede the end of purchases', async () => {
    // Among customers who bought in the 90 days before the cutoff: the share without a purchase in
    // the 90 days after it, for those with an unresolved ticket or a detractor score vs the others.
    const rows = await db.all<{ flagged: boolean; customers: number; share: number }>(`
      WITH p AS (SELECT TIMESTAMP '2025-07-01' AS cutoff),
      active AS (
        SELECT DISTINCT e.customer_id FROM events e, p
        WHERE e.type = 'purchase' AND e.ts >= p.cutoff - INTERVAL 90 DAY AND e.ts < p.cutoff),
      unresolved AS (
        SELECT t.customer_id FROM events t, p
        WHERE t.type = 'support_ticket' AND t.ts >= p.cutoff - INTERVAL 120 DAY AND t.ts < p.cutoff - INTERVAL 7 DAY
          AND NOT EXISTS (SELECT 1 FROM events r WHERE r.type = 'ticket_resolved' AND r.text = t.event_id AND r.ts < p.cutoff)),
      detractor AS (
        SELECT s.customer_id FROM events s, p
        WHERE s.type = 'survey' AND s.score <= 6 AND s.ts >= p.cutoff - INTERVAL 180 DAY AND s.ts < p.cutoff),
      bought AS (
        SELECT DISTINCT e.customer_id FROM events e, p
        WHERE e.type = 'purchase' AND e.ts >= p.cutoff AND e.ts < p.cutoff + INTERVAL 90 DAY)
      SELECT a.customer_id IN (SELECT customer_id FROM unresolved UNION SELECT customer_id FROM detractor) AS flagged,
             count(*) AS customers,
             avg(CASE WHEN b.customer_id IS NULL THEN 1.0 ELSE 0.0 END) AS share
      FROM active a LEFT JOIN bought b USING (customer_id)
      GROUP BY flagged`);
    const flagged = rows.find((r) => r.flagged)!;
    const others = rows.find((r) => !r.flagged)!;
    expect(flagged.customers).toBeGreaterThan(50);
    expect(flagged.share).toBeGreaterThan(others.share * 1.3);
    expect(flagged.share - others.share).toBeGreaterThan(0.07);
  });

  it('refuses to overwrite data unless asked to replace it', async () => {
    await expect(generateIntoDatabase(db, { customers: 10, seed: 1 })).rejects.toThrow(UserError);
    expect(await count('SELECT count(*) AS n FROM customers')).toBe(CUSTOMERS);
    const summary = await generateIntoDatabase(db, { customers: 300, seed: 5, replace: true });
    expect(await count('SELECT count(*) AS n FROM customers')).toBe(300);
    expect(await count('SELECT count(*) AS n FROM events')).toBe(summary.events);
  });
});
