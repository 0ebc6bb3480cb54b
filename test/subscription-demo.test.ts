// The synthetic subscription company (issue 19): what `churn demo --business subscription` writes into
// a real DuckDB file (the six subscription event types, cancellations with reasons, declared
// attributes, its provenance), determinism by seed, and the whole demo through the real CLI: churn as
// cancellation, learnable well above the recency rule, kept beside the database for later commands.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../pipeline/db/database.ts';
import { generateHistory } from '../pipeline/generate/generator.ts';
import { foreignData } from '../pipeline/generate/provenance.ts';
import { generateIntoDatabase } from '../pipeline/generate/to-duckdb.ts';
import { SUBSCRIPTION_TYPES } from '../pipeline/vocabulary.ts';
import { churn, type CliResult } from './helpers/cli.ts';
import { tempDatabase, tempDir } from './helpers/temp-db.ts';

async function digest(db: Database): Promise<string> {
  const hash = createHash('sha256');
  for (const table of ['customers', 'customer_attributes', 'attribute_declarations', 'events'])
    hash.update(JSON.stringify(await db.all(`SELECT * FROM ${table} ORDER BY ALL`), (_, v) => String(v)));
  return hash.digest('hex');
}

describe('the generated subscription history', () => {
  let db: Database;
  let cleanup: () => void;
  beforeAll(async () => {
    ({ db, cleanup } = await tempDatabase());
    await generateIntoDatabase(db, { customers: 400, seed: 11, business: 'subscription' });
  });
  afterAll(() => cleanup());

  it('has every subscription event type, with plans, terms and amounts where they belong', async () => {
    const rows = await db.all<{ type: string; n: number; plans: number; terms: number; amounts: number }>(
      `SELECT type, count(*) AS n, count(plan) AS plans, count(term_months) AS terms, count(amount) AS amounts
       FROM events GROUP BY type`,
    );
    const by = Object.fromEntries(rows.map((r) => [r.type, r]));
    for (const type of SUBSCRIPTION_TYPES) expect(by[type]?.n ?? 0, type).toBeGreaterThan(0);
    for (const type of ['login', 'support_ticket', 'ticket_resolved', 'purchase'])
      expect(by[type]?.n ?? 0, type).toBeGreaterThan(0);
    expect(by.payment.amounts).toBe(by.payment.n);
    for (const type of ['subscription_start', 'renewal', 'payment'] as const) {
      expect(by[type].plans).toBe(by[type].n);
      expect(by[type].terms).toBe(by[type].n);
    }
    // Annual prepaid payments (12 months) and monthly ones; contracts of 1, 12 and 24 months.
    const terms = await db.all<{ type: string; term: number }>(
      "SELECT DISTINCT type, term_months AS term FROM events WHERE type IN ('payment', 'subscription_start') ORDER BY ALL",
    );
    expect(terms).toEqual([
      { type: 'payment', term: 1 },
      { type: 'payment', term: 12 },
      { type: 'subscription_start', term: 1 },
      { type: 'subscription_start', term: 12 },
      { type: 'subscription_start', term: 24 },
    ]);
  });

  it('gives every cancellation a reason, in English or Chinese', async () => {
    const [row] = await db.all<{ n: number; reasons: number; zh: number }>(
      `SELECT count(*) AS n, count(text) FILTER (length(trim(text)) > 0) AS reasons,
              count(*) FILTER (regexp_matches(text, '[\\x{4e00}-\\x{9fff}]')) AS zh
       FROM events WHERE type = 'cancellation'`,
    );
    expect(row.n).toBeGreaterThan(20);
    expect(row.reasons).toBe(row.n);
    expect(row.zh).toBeGreaterThan(0);
    expect(row.zh).toBeLessThan(row.n);
  });

  it('raises prices for some plans: payments go up without a plan change', async () => {
    const [row] = await db.all<{ n: number }>(
      `SELECT count(*) AS n FROM (
         SELECT customer_id, amount, lag(amount) OVER (PARTITION BY customer_id ORDER BY ts) AS before, plan,
                lag(plan) OVER (PARTITION BY customer_id ORDER BY ts) AS plan_before
         FROM events WHERE type = 'payment' AND term_months = 1)
       WHERE amount > before AND plan = plan_before`,
    );
    expect(row.n).toBeGreaterThan(0);
  });

  it('declares contract, payment method, age band and senior, with a value for every customer', async () => {
    expect(await db.all('SELECT name, kind FROM attribute_declarations ORDER BY name')).toEqual([
      { name: 'age_band', kind: 'categorical' },
      { name: 'contract', kind: 'categorical' },
      { name: 'payment_method', kind: 'categorical' },
      { name: 'senior', kind: 'numeric' },
    ]);
    const counts = await db.all<{ name: string; n: number }>(
      'SELECT name, count(*) AS n FROM customer_attributes GROUP BY name ORDER BY name',
    );
    expect(counts.map((c) => c.n)).toEqual([400, 400, 400, 400]);
    const contracts = await db.all<{ value: string }>(
      "SELECT DISTINCT value FROM customer_attributes WHERE name = 'contract' ORDER BY value",
    );
    expect(contracts.map((c) => c.value)).toEqual(['month-to-month', 'one-year', 'two-year']);
  });

  it('records itself as generated, so the demo may replace it and nothing else', async () => {
    expect(await db.all('SELECT generator, seed FROM generated_history')).toEqual([
      { generator: 'subscription', seed: 11 },
    ]);
    expect(await foreignData(db)).toBeNull();
  });

  it('makes the same rows for the same seed and others for another seed', async () => {
    const first = await digest(db);
    await generateIntoDatabase(db, { customers: 400, seed: 11, business: 'subscription', replace: true });
    expect(await digest(db)).toBe(first);
    await generateIntoDatabase(db, { customers: 400, seed: 12, business: 'subscription', replace: true });
    expect(await digest(db)).not.toBe(first);
  });
});

describe('the retail generator', () => {
  it('is unchanged by the subscription business (its rows as before)', () => {
    const hash = createHash('sha256');
    // Feedback text is written from a stream of its own (feedback-text.ts) and left out: every other
    // column, and every other event's text, is as it was.
    const feedback = new Set(['support_ticket', 'survey', 'care_contact']);
    generateHistory(
      { customers: 200, seed: 3 },
      {
        customer: (c) => hash.update(JSON.stringify(c)),
        event: (e) => hash.update(JSON.stringify(feedback.has(e.type) ? { ...e, text: null } : e)),
      },
    );
    expect(hash.digest('hex').slice(0, 16)).toBe(RETAIL_200_SEED_3);
  });
});
// sha256 of generateHistory({ customers: 200, seed: 3 }), feedback text left out, before the
// subscription business existed (the full rows then hashed to daa6c03831301ac7).
const RETAIL_200_SEED_3 = 'b000487ca5ead299';

describe('churn demo --business subscription', () => {
  let dir: string;
  let cleanup: () => void;
  let run: CliResult;
  let db: string;
  let result: {
    generated: { customers: number; byType: Record<string, number> };
    train: { modelId: string; evaluation: { metrics: { auc: number; recencyAuc: number } } };
  };
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
    db = join(dir, 'sub', 'churn.duckdb');
    run = churn(['demo', '--business', 'subscription', '--customers', '2000', '--no-report', '--db', db, '--json'], {
      cwd: dir,
    });
    result = JSON.parse(run.stdout);
  });
  afterAll(() => cleanup());

  it('exits 0 and trains a churn model well above the recency rule', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(result.generated.customers).toBe(2000);
    const m = result.train.evaluation.metrics;
    expect(m.auc).toBeGreaterThan(0.75);
    expect(m.auc).toBeGreaterThan(m.recencyAuc + 0.1);
  });

  it('keeps churn as cancellation beside the database, and later commands there use it', () => {
    const config = JSON.parse(readFileSync(join(dir, 'sub', 'churn.config.json'), 'utf8'));
    expect(config).toEqual({ churn: { definition: 'cancellation' }, horizonDays: 60 });
    // Same data, same config: train finds the demo's model instead of training another.
    const train = churn(['train', '--db', db, '--json'], { cwd: dir });
    expect(train.code, train.stderr).toBe(0);
    expect(JSON.parse(train.stdout)).toMatchObject({ modelId: result.train.modelId, existing: true });
  });

  it('gives way to a retail demo on the same database, which drops the file it wrote', () => {
    const retail = churn(['demo', '--customers', '300', '--no-report', '--db', db, '--json'], { cwd: dir });
    expect(retail.code, retail.stderr).toBe(0);
    expect(existsSync(join(dir, 'sub', 'churn.config.json'))).toBe(false);
    expect(JSON.parse(retail.stdout).generated.byType.cancellation).toBeUndefined();
  });
});

describe('churn generate --business subscription', () => {
  it('writes files that churn ingest loads whole: customers with their attributes, subscription events', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const out = join(dir, 'files');
      const db = join(dir, 'db', 'churn.duckdb');
      const gen = churn(['generate', '--business', 'subscription', '--customers', '150', '--out', out, '--json']);
      expect(gen.code, gen.stderr).toBe(0);
      const { events } = JSON.parse(gen.stdout);
      const loadCustomers = churn([
        'ingest',
        join(out, 'customers.csv'),
        '--kind',
        'customers',
        '--map',
        join(out, 'customers.mapping.json'),
        '--db',
        db,
        '--json',
      ]);
      expect(loadCustomers.code, loadCustomers.stderr).toBe(0);
      const loadEvents = churn(['ingest', join(out, 'events.csv'), '--kind', 'events', '--db', db, '--json']);
      expect(loadEvents.code, loadEvents.stderr).toBe(0);
      const loaded = await openDatabase(db, { readOnly: true });
      try {
        const [row] = await loaded.all<{ events: number; attributes: number; terms: number; subscription: number }>(
          `SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM customer_attributes) AS attributes,
                  (SELECT count(term_months) FROM events) AS terms,
                  (SELECT count(DISTINCT type) FROM events WHERE type IN ('subscription_start', 'renewal', 'payment',
                     'payment_failed', 'plan_change', 'cancellation')) AS subscription`,
        );
        expect(row).toMatchObject({ events, attributes: 600, subscription: 6 });
        expect(row.terms).toBeGreaterThan(0);
      } finally {
        loaded.close();
      }
    } finally {
      cleanup();
    }
  });
});
