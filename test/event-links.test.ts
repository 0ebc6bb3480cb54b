// event_links (what features.sql reads purchases and logins from) against the events: the features
// equal a plain recomputation from the events in TypeScript; the links equal a rebuild from the events
// after loads in any order, a re-ingest, a load that fails inside its transaction, events written by
// another route, and in a database made before the links existed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applySchema, openDatabase, type Database } from '../pipeline/db/database.ts';
import { clockSetTo } from '../pipeline/clock.ts';
import { buildSnapshot } from '../pipeline/features/build-features.ts';
import { eventLinksCurrent, rebuildEventLinks } from '../pipeline/features/event-links.ts';
import { NUMERIC_FEATURES } from '../pipeline/features/feature-list.ts';
import { ingestStage, type IngestOptions } from '../pipeline/ingest/ingest-stage.ts';
import { mulberry32 as rng } from '../models/random.ts';
import { tempDatabase } from './helpers/temp-db.ts';

const DAY = 86_400_000;
const TYPES = [
  'purchase',
  'purchase',
  'purchase',
  'login',
  'login',
  'login',
  'refund',
  'support_ticket',
  'ticket_resolved',
  'survey',
  'care_contact',
  'email_open',
];
const base = {
  futureToleranceHours: 24,
  now: clockSetTo(Date.UTC(2030, 0, 1)),
  mapping: null,
} satisfies Partial<IngestOptions>;

interface Ev {
  id: string;
  customer: string;
  ts: number;
  type: string;
  amount: number | null;
  score: number | null;
}
interface Customer {
  id: string;
  signup: number;
}

let db: Database;
let dir: string;
let cleanup: () => void;
beforeEach(async () => ({ db, dir, cleanup } = await tempDatabase()));
afterEach(() => cleanup());

/**
 * A history that hits what the links must get right: several purchases on one day, purchases and
 * logins at the same instant, events at midnight and exactly on window edges, customers without
 * purchases or without any event. `direct`: also values ingest refuses but the table holds (purchases
 * without an amount, counted as 0; surveys without a score).
 */
function history(seed: number, direct: boolean): { customers: Customer[]; events: Ev[] } {
  const r = rng(seed);
  const start = Date.UTC(2023, 5, 1);
  const edges = [30, 90, 180, 365].map((d) => Date.UTC(2024, 5, 1) - d * DAY);
  const customers: Customer[] = [];
  const events: Ev[] = [];
  for (let c = 0; c < 40; c++) {
    const signup = start + Math.floor(r() * 300) * DAY;
    const id = `c${c}`;
    customers.push({ id, signup });
    const n = c % 10 === 9 ? 0 : Math.floor(r() * 60);
    let previous: Ev | null = null;
    for (let k = 0; k < n; k++) {
      let type = TYPES[Math.floor(r() * TYPES.length)];
      if (c % 7 === 6 && type === 'purchase') type = 'login'; // customers who never buy
      let ts = signup + Math.floor((r() * 640 * DAY) / 1000) * 1000;
      const pick = r();
      if (pick < 0.15 && previous)
        ts = previous.ts; // the same instant as the event before
      else if (pick < 0.3 && previous)
        ts = previous.ts - (previous.ts % DAY) + Math.floor((r() * DAY) / 1000) * 1000; // the same day
      else if (pick < 0.35)
        ts = edges[Math.floor(r() * edges.length)]; // on a window edge
      else if (pick < 0.4) ts -= ts % DAY; // midnight
      const amount =
        type === 'purchase'
          ? direct && r() < 0.1
            ? null
            : Math.round(r() * 20000) / 100
          : type === 'refund'
            ? -Math.round(r() * 5000) / 100
            : null;
      const score = type === 'survey' ? (direct && r() < 0.2 ? null : Math.floor(r() * 11)) : null;
      const ev: Ev = { id: `e${events.length}`, customer: id, ts, type, amount, score };
      // Surveys at one instant would make "the last answer" a tie: keep them apart.
      if (type === 'survey') ev.ts += 1000 * (events.length + 1);
      events.push(ev);
      previous = ev;
    }
  }
  return { customers, events };
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Every feature column by its definition, from the events, one customer at a time. */
function reference(
  customers: Customer[],
  events: Ev[],
  cutoff: string,
  horizon: number,
  valueHorizon: number,
  observedUntil: string,
) {
  const C = Date.parse(`${cutoff}T00:00:00Z`);
  const observed = Date.parse(`${observedUntil}T00:00:00Z`);
  const out = new Map<string, Record<string, number | null>>();
  for (const c of customers.filter((x) => x.signup < C)) {
    const mine = events.filter((e) => e.customer === c.id);
    const past = mine.filter((e) => e.ts < C);
    const age = (e: Ev) => (C - e.ts) / DAY;
    const of = (type: string, maxAge = Infinity, minAge = -Infinity) =>
      past.filter((e) => e.type === type && age(e) <= maxAge && age(e) > minAge);
    const sum = (xs: Ev[], f = (e: Ev) => e.amount ?? 0) => xs.reduce((s, e) => s + f(e), 0);
    const tenure = (C - c.signup) / DAY;
    const purchases = of('purchase');
    const recency = purchases.length ? Math.min(...purchases.map(age)) : tenure;
    const days = [...new Set(purchases.map((e) => Math.floor(e.ts / DAY)))].sort((a, b) => a - b);
    const gaps = days.slice(1).map((d, i) => d - days[i]);
    const gapMean = gaps.length ? gaps.reduce((s, g) => s + g, 0) / gaps.length : 0;
    const gapStd =
      gaps.length > 1 ? Math.sqrt(gaps.reduce((s, g) => s + (g - gapMean) ** 2, 0) / (gaps.length - 1)) : 0;
    const logins = of('login');
    const p90 = of('purchase', 90).length;
    const pPrev = of('purchase', 180, 90).length;
    const l90 = of('login', 90).length;
    const lPrev = of('login', 180, 90).length;
    const surveys = of('survey');
    const scored = surveys.filter((e) => e.score !== null).sort((a, b) => a.ts - b.ts);
    const firstDaySpend = sum(purchases.filter((e) => Math.floor(e.ts / DAY) === days[0]));
    const future = (type: string, days: number) =>
      mine.filter((e) => e.type === type && e.ts >= C && e.ts < C + days * DAY);
    out.set(c.id, {
      tenure_days: tenure,
      recency_days: recency,
      frequency_total: purchases.length,
      frequency_30: of('purchase', 30).length,
      frequency_90: p90,
      frequency_365: of('purchase', 365).length,
      monetary_total: sum(purchases),
      monetary_30: sum(of('purchase', 30)),
      monetary_90: sum(of('purchase', 90)),
      monetary_365: sum(of('purchase', 365)),
      avg_order_value: purchases.length ? sum(purchases) / purchases.length : 0,
      refunds_365: of('refund', 365).length,
      gap_mean_days: gaps.length ? gapMean : recency,
      gap_std_days: gapStd,
      purchase_trend: (p90 - pPrev) / (p90 + pPrev + 1),
      logins_30: of('login', 30).length,
      logins_90: l90,
      login_trend: (l90 - lPrev) / (l90 + lPrev + 1),
      days_since_login: logins.length ? Math.min(...logins.map(age)) : tenure,
      email_opens_90: of('email_open', 90).length,
      tickets_90: of('support_ticket', 90).length,
      tickets_365: of('support_ticket', 365).length,
      unresolved_tickets: Math.max(of('support_ticket').length - of('ticket_resolved').length, 0),
      has_survey: surveys.length > 0 ? 1 : 0,
      last_survey_score: scored.length ? scored[scored.length - 1].score : 7.5,
      mean_survey_score: scored.length ? sum(scored, (e) => e.score!) / scored.length : 7.5,
      detractor_365: of('survey', 365).filter((e) => e.score !== null && e.score <= 6).length,
      care_contacts_90: of('care_contact', 90).length,
      rfm_frequency: days.length ? days.length - 1 : null,
      rfm_recency: days.length ? days[days.length - 1] - days[0] : null,
      rfm_t: days.length ? C / DAY - 1 - days[0] : null,
      rfm_monetary: days.length > 1 ? (sum(purchases) - firstDaySpend) / (days.length - 1) : null,
      rfm_first_day: days.length ? days[0] : null,
      churned: C + horizon * DAY <= observed ? (future('purchase', horizon).length === 0 ? 1 : 0) : null,
      future_value:
        C + valueHorizon * DAY <= observed
          ? Math.max(
              sum(future('purchase', valueHorizon)) -
                sum(future('refund', valueHorizon), (e) => Math.abs(e.amount ?? 0)),
              0,
            )
          : null,
    });
  }
  return out;
}

const COLUMNS = [
  ...NUMERIC_FEATURES.map((f) => f.name),
  'rfm_frequency',
  'rfm_recency',
  'rfm_t',
  'rfm_monetary',
  'rfm_first_day',
  'churned',
  'future_value',
];

async function expectFeaturesMatch(customers: Customer[], events: Ev[]) {
  for (const [cutoff, observedUntil] of [
    ['2024-06-01', '2025-07-01'],
    ['2024-03-17', '2024-07-01'],
    ['2025-06-01', '2025-06-01'],
  ]) {
    await buildSnapshot(db, { cutoff, horizonDays: 90, valueHorizonDays: 365, observedUntil });
    const rows = await db.all<Record<string, number | string | null>>(
      `SELECT customer_id, ${COLUMNS.join(', ')} FROM features WHERE cutoff = CAST($c AS DATE) ORDER BY customer_id`,
      { c: cutoff },
    );
    const want = reference(customers, events, cutoff, 90, 365, observedUntil);
    expect(rows.map((r) => r.customer_id).sort()).toEqual([...want.keys()].sort());
    for (const row of rows) {
      const w = want.get(row.customer_id as string)!;
      for (const name of COLUMNS) {
        const got = row[name] as number | null;
        const label = `${cutoff} ${row.customer_id} ${name}`;
        if (w[name] === null) expect(got, label).toBeNull();
        else expect(Math.abs(got! - w[name]!), label).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(w[name]!)));
      }
    }
  }
}

async function insertDirectly(target: Database, customers: Customer[], events: Ev[]) {
  const values = (rows: string[]) => rows.join(',\n');
  const q = (v: string | number | null) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v}'`);
  if (customers.length) {
    await target.run(
      `INSERT INTO customers VALUES ${values(customers.map((c) => `(${q(c.id)}, DATE ${q(isoDay(c.signup))}, 'north', 'web', 'basic', NULL, NULL, NULL)`))}`,
    );
  }
  if (events.length) {
    await target.run(
      `INSERT INTO events (event_id, customer_id, ts, type, amount, score, channel, text) VALUES ${values(events.map((e) => `(${q(e.id)}, ${q(e.customer)}, TIMESTAMP ${q(iso(e.ts))}, ${q(e.type)}, ${q(e.amount)}, ${q(e.score)}, NULL, NULL)`))}`,
    );
  }
}

async function ingestEvents(target: Database, name: string, events: Ev[]) {
  const path = join(dir, name);
  const line = (e: Ev) => [e.id, e.customer, iso(e.ts), e.type, e.amount ?? '', e.score ?? '', '', ''].join(',');
  writeFileSync(path, 'event_id,customer_id,ts,type,amount,score,channel,text\n' + events.map(line).join('\n') + '\n');
  return ingestStage(target, path, { ...base, kind: 'events' });
}

async function ingestCustomers(target: Database, customers: Customer[]) {
  const path = join(dir, 'customers.csv');
  writeFileSync(
    path,
    'customer_id,signup_date,region,channel,plan,name,email,phone\n' +
      customers.map((c) => `${c.id},${isoDay(c.signup)},north,web,basic,,,`).join('\n') +
      '\n',
  );
  await ingestStage(target, path, { ...base, kind: 'customers' });
}

const linksSql = `SELECT * FROM event_links ORDER BY ALL`;

/** The links as they are, and then as a rebuild from the events makes them (left in place). */
async function linksAndRebuilt(target: Database) {
  const held = await target.all(linksSql);
  await rebuildEventLinks(target);
  return { held, rebuilt: await target.all(linksSql) };
}

/** The links are current, as they were, and what a rebuild from the events gives. */
async function expectLinksStill(before: unknown[]) {
  expect(await eventLinksCurrent(db)).toBe(true);
  const { held, rebuilt } = await linksAndRebuilt(db);
  expect(held).toEqual(before);
  expect(rebuilt).toEqual(before);
}

describe('features from event_links', () => {
  it('equal every column computed from the events by its definition (events written directly)', async () => {
    const { customers, events } = history(7, true);
    await insertDirectly(db, customers, events);
    expect(await eventLinksCurrent(db)).toBe(false);
    await expectFeaturesMatch(customers, events);
    expect(await eventLinksCurrent(db)).toBe(true);
  });

  it('equal them after the history was ingested in several loads, later days before earlier ones', async () => {
    const { customers, events } = history(11, false);
    await ingestCustomers(db, customers);
    // Five loads, each with events from all over the history: before, between and after stored ones.
    const r = rng(23);
    const parts: Ev[][] = [[], [], [], [], []];
    for (const e of events) parts[Math.floor(r() * parts.length)].push(e);
    for (const [i, part] of parts.entries()) {
      const result = await ingestEvents(db, `part${i}.csv`, part);
      expect(result.rejectsByReason).toEqual({});
      expect(result.inserted).toBe(part.length);
      expect(await eventLinksCurrent(db)).toBe(true);
    }
    const { held, rebuilt } = await linksAndRebuilt(db);
    expect(held.length).toBe(events.filter((e) => e.type !== 'email_open').length);
    expect(held).toEqual(rebuilt);
    await expectFeaturesMatch(customers, events);
  });
});

describe('event_links kept by ingest', () => {
  it('a re-ingest inserts nothing and leaves the links as they were, still current', async () => {
    const { customers, events } = history(3, false);
    await ingestCustomers(db, customers);
    await ingestEvents(db, 'all.csv', events);
    const before = await db.all(linksSql);
    expect(before.length).toBeGreaterThan(100);
    expect((await ingestEvents(db, 'all.csv', events)).inserted).toBe(0);
    await expectLinksStill(before);
  });

  it('a load that fails inside its transaction leaves events, links and their state as they were', async () => {
    const { customers, events } = history(5, false);
    await ingestCustomers(db, customers);
    const earlier = events.filter((_, i) => i % 2 === 0);
    await ingestEvents(db, 'earlier.csv', earlier);
    const before = await db.all(linksSql);
    // The failure comes after the load refreshed the links, at the last step before COMMIT.
    const labels: (string | undefined)[] = [];
    const failing: Database = {
      ...db,
      run: async (sql, params, label) => {
        labels.push(label);
        if (label === 'stage.sql log_load') throw new Error('disk full');
        return db.run(sql, params, label);
      },
    };
    await expect(
      ingestEvents(
        failing,
        'later.csv',
        events.filter((_, i) => i % 2 === 1),
      ),
    ).rejects.toThrow('disk full');
    expect(labels).toContain('event-links.sql build_purchases');
    expect((await db.all<{ n: number }>('SELECT count(*) AS n FROM events'))[0].n).toBe(earlier.length);
    await expectLinksStill(before);
  });

  it('links gone stale (events written by another route) stay stale through a load and are rebuilt where next needed', async () => {
    const { customers, events } = history(9, false);
    await ingestCustomers(db, customers);
    await ingestEvents(db, 'first.csv', events.slice(0, 300));
    await insertDirectly(db, [], events.slice(300, 600));
    expect(await eventLinksCurrent(db)).toBe(false);
    await ingestEvents(db, 'second.csv', events.slice(600));
    expect(await eventLinksCurrent(db)).toBe(false);
    await expectFeaturesMatch(customers, events);
    expect(await eventLinksCurrent(db)).toBe(true);
  });
});

describe('databases the links are new to', () => {
  it('a database made before event_links existed gets them built on first use', async () => {
    const { customers, events } = history(13, true);
    const old = await openDatabase(join(dir, 'old.duckdb'), { schema: false });
    try {
      await old.run(`CREATE TABLE customers (customer_id VARCHAR PRIMARY KEY, signup_date DATE NOT NULL, region VARCHAR, channel VARCHAR,
        plan VARCHAR, name VARCHAR, email VARCHAR, phone VARCHAR);
        CREATE TABLE events (event_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, ts TIMESTAMP NOT NULL, type VARCHAR NOT NULL,
        amount DOUBLE, score DOUBLE, channel VARCHAR, text VARCHAR);`);
      await insertDirectly(old, customers, events);
      await applySchema(old);
      expect(await eventLinksCurrent(old)).toBe(false);
      await buildSnapshot(old, {
        cutoff: '2024-06-01',
        horizonDays: 90,
        valueHorizonDays: 365,
        observedUntil: '2025-07-01',
      });
      expect(await eventLinksCurrent(old)).toBe(true);
      const { held, rebuilt } = await linksAndRebuilt(old);
      expect(held.length).toBe(events.filter((e) => e.type !== 'email_open').length);
      expect(held).toEqual(rebuilt);
    } finally {
      old.close();
    }
  });

  it('a history replaced by one with as many events (churn generate --replace) does not pass for current', async () => {
    const first = history(17, false);
    await insertDirectly(db, first.customers, first.events);
    await rebuildEventLinks(db);
    expect(await eventLinksCurrent(db)).toBe(true);
    // What generate does: drop both tables, recreate them from schema.sql and fill them, in one transaction.
    const second = history(17, false);
    for (const e of second.events) e.ts += 3 * DAY;
    await db.run('BEGIN TRANSACTION; DROP TABLE events; DROP TABLE customers;');
    await applySchema(db);
    await insertDirectly(db, second.customers, second.events);
    await db.run('COMMIT');
    expect(await eventLinksCurrent(db)).toBe(false);
    await expectFeaturesMatch(second.customers, second.events);
  });
});
