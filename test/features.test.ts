// Point-in-time features and labels against values computed by hand from a written-out history.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../pipeline/db/database.ts';
import { buildSnapshot, readSnapshot } from '../pipeline/features/build-features.ts';
import { NUMERIC_FEATURES } from '../pipeline/features/feature-list.ts';
import { readRfm, readSnapshotRfm } from '../pipeline/btyd/rfm.ts';
import { insertHistory, tempDatabase } from './helpers/temp-db.ts';

const CUTOFF = '2024-06-01';
const options = { cutoff: CUTOFF, horizonDays: 90, valueHorizonDays: 365, observedUntil: '2025-07-01' };

let db: Database;
let cleanup: () => void;

beforeEach(async () => {
  ({ db, cleanup } = await tempDatabase());
  await insertHistory(
    db,
    [
      ['c1', '2024-01-01', 'north', 'basic'],
      ['c2', '2024-03-01', 'south', 'discount'],
      ['c3', '2024-06-15'], // signs up after the cutoff: not in the snapshot
      ['c4', '2024-05-31'], // signs up the day before; no events before the cutoff
    ],
    [
      ['c1', '2024-02-01 10:00:00', 'purchase', 100],
      ['c1', '2024-03-01 12:00:00', 'survey', null, 9],
      ['c1', '2024-04-01 09:00:00', 'purchase', 50],
      ['c1', '2024-04-01 15:00:00', 'purchase', 30], // same day: one purchase day
      ['c1', '2024-05-01 08:00:00', 'support_ticket'],
      ['c1', '2024-05-03 08:00:00', 'ticket_resolved'],
      ['c1', '2024-05-10 08:00:00', 'survey', null, 4],
      ['c1', '2024-05-20 00:00:00', 'purchase', 20],
      ['c1', '2024-05-25 00:00:00', 'login'],
      ['c1', '2024-05-28 00:00:00', 'support_ticket'],
      ['c1', '2024-06-01 00:00:00', 'purchase', 70], // exactly at the cutoff: a label, not a feature
      ['c1', '2024-07-01 00:00:00', 'refund', -20],
      ['c2', '2024-03-10 00:00:00', 'purchase', 10],
      ['c2', '2024-08-30 00:00:00', 'purchase', 40], // exactly cutoff + 90 days: outside the churn window
      ['c2', '2025-05-31 23:59:59', 'purchase', 5], // last second of the 365-day value window
      ['c2', '2025-06-01 00:00:00', 'purchase', 1000], // first second after it
      ['c4', '2024-08-29 23:59:59', 'purchase', 15], // last second of the churn window
    ],
  );
});

afterEach(() => cleanup());

async function row(customer: string, opts = options) {
  await buildSnapshot(db, opts);
  const [r] = await db.all('SELECT * FROM features WHERE cutoff = CAST($c AS DATE) AND customer_id = $id', {
    c: opts.cutoff,
    id: customer,
  });
  return r;
}

describe('features at a cutoff', () => {
  it('computes RFM, gaps, trends, service and survey signals by hand', async () => {
    const f = await row('c1');
    expect(f.tenure_days).toBe(152); // 2024 is a leap year: 31 + 29 + 31 + 30 + 31
    expect(f.recency_days).toBeCloseTo(12, 10); // last purchase 2024-05-20 00:00
    expect(f.frequency_total).toBe(4);
    expect(f.frequency_30).toBe(1);
    expect(f.frequency_90).toBe(3); // 2024-04-01 x2 (61 days) and 2024-05-20
    expect(f.frequency_365).toBe(4);
    expect(f.monetary_total).toBe(200);
    expect(f.monetary_30).toBe(20);
    expect(f.monetary_90).toBe(100);
    expect(f.avg_order_value).toBe(50);
    expect(f.gap_mean_days).toBeCloseTo(54.5, 10); // purchase days Feb 1, Apr 1, May 20: gaps 60 and 49
    expect(f.gap_std_days).toBeCloseTo(Math.sqrt(60.5), 10);
    expect(f.purchase_trend).toBeCloseTo((3 - 1) / (3 + 1 + 1), 10); // Feb 1 falls in the previous 90 days
    expect(f.logins_30).toBe(1);
    expect(f.logins_90).toBe(1);
    expect(f.login_trend).toBeCloseTo(0.5, 10);
    expect(f.days_since_login).toBeCloseTo(7, 10);
    expect(f.tickets_90).toBe(2);
    expect(f.unresolved_tickets).toBe(1);
    expect(f.has_survey).toBe(1);
    expect(f.last_survey_score).toBe(4);
    expect(f.mean_survey_score).toBe(6.5);
    expect(f.detractor_365).toBe(1);
    expect(f.region).toBe('north');
  });

  it('gives a customer without history neutral, documented values', async () => {
    const f = await row('c4');
    expect(f.tenure_days).toBe(1);
    expect(f.recency_days).toBe(1);
    expect(f.frequency_total).toBe(0);
    expect(f.gap_mean_days).toBe(1);
    expect(f.has_survey).toBe(0);
    expect(f.last_survey_score).toBe(7.5);
    expect(f.unresolved_tickets).toBe(0);
  });

  it('leaves out customers who sign up on or after the cutoff', async () => {
    await buildSnapshot(db, options);
    const ids = (await db.all<{ customer_id: string }>('SELECT customer_id FROM features ORDER BY 1')).map(
      (r) => r.customer_id,
    );
    expect(ids).toEqual(['c1', 'c2', 'c4']);
  });
});

describe('BTYD summary in the snapshot', () => {
  it("gives rfm.sql's frequency, recency, T and repeat-day mean value, in days, by hand", async () => {
    await buildSnapshot(db, options);
    const fromSnapshot = await readSnapshotRfm(db, CUTOFF, '2024-05-31');
    const fromEvents = await readRfm(db, { calibrationEnd: '2024-05-31', unit: 'days' });
    // c1: purchase days 02-01 (100), 04-01 (50 + 30) and 05-20 (20); c2: one day, 03-10; c4: none.
    expect(fromSnapshot.customerIds).toEqual(['c1', 'c2']);
    expect([...fromSnapshot.frequency]).toEqual([2, 0]);
    expect([...fromSnapshot.recency]).toEqual([109, 0]);
    expect([...fromSnapshot.T]).toEqual([120, 82]);
    expect([...fromSnapshot.monetary]).toEqual([50, 0]);
    for (const key of ['customerIds', 'frequency', 'recency', 'T', 'monetary', 'firstDay'] as const) {
      expect([...fromSnapshot[key]]).toEqual([...fromEvents[key]]);
    }
  });
});

describe('determinism', () => {
  it('gives bit-identical money features however the threads split the events', async () => {
    // 600,000 purchases of amounts like 0.1 for 3 customers span several row groups, so several
    // threads each sum a part of a customer's purchases; DOUBLE sums then differed in the last bits
    // from one build to the next, DECIMAL sums cannot.
    await db.run(
      `INSERT INTO customers SELECT 'p' || i, DATE '2020-01-01', 'north', 'web', 'basic', NULL, NULL, NULL FROM range(3) t(i)`,
    );
    await db.run(
      `INSERT INTO events (event_id, customer_id, ts, type, amount, score, channel, text) SELECT 'x' || i, 'p' || (i % 3), TIMESTAMP '2021-01-01' + to_seconds(i * 60), 'purchase', 0.1 + (i % 97) * 0.37, NULL, NULL, NULL
       FROM range(600000) t(i)`,
    );
    await db.run('SET threads = 4');
    const money = 'monetary_total, monetary_30, monetary_90, monetary_365, avg_order_value, rfm_monetary, future_value';
    const build = async () => {
      await buildSnapshot(db, { ...options, cutoff: '2022-02-01', observedUntil: '2023-06-01' });
      return db.all(
        `SELECT customer_id, ${money} FROM features WHERE cutoff = DATE '2022-02-01' AND customer_id LIKE 'p%' ORDER BY customer_id`,
      );
    };
    const first = await build();
    expect(first).toHaveLength(3);
    for (let round = 0; round < 4; round++) expect(await build()).toEqual(first);
  });
});

describe('labels after the cutoff', () => {
  it('counts a purchase at the cutoff instant and at the last second of the window, not at its end', async () => {
    expect((await row('c1')).churned).toBe(0); // purchase exactly at the cutoff
    expect((await row('c2')).churned).toBe(1); // only purchase exactly at cutoff + 90 days
    expect((await row('c4')).churned).toBe(0); // purchase at cutoff + 90 days - 1 second
  });

  it('sums value over [cutoff, cutoff + value horizon), net of refunds', async () => {
    expect((await row('c1')).future_value).toBe(70 - 20);
    expect((await row('c2')).future_value).toBe(45); // 40 + 5; the 1000 falls one second too late
  });

  it('leaves labels NULL when their window is not fully observed', async () => {
    const partial = { ...options, observedUntil: '2024-08-29' };
    const f = await row('c1', partial);
    expect(f.churned).toBeNull();
    expect(f.future_value).toBeNull();
    const churnOnly = { ...options, observedUntil: '2024-08-30' };
    const g = await row('c1', churnOnly);
    expect(g.churned).toBe(0);
    expect(g.future_value).toBeNull();
  });
});

describe('reading a snapshot', () => {
  it('gives each customer its categories, the missing one as empty, and a shard only its rows', async () => {
    await buildSnapshot(db, options);
    await db.run("UPDATE features SET channel = NULL WHERE customer_id = 'c2'");
    const snap = await readSnapshot(db, CUTOFF);
    const expected = await db.all<{
      customer_id: string;
      region: string | null;
      channel: string | null;
      plan: string | null;
    }>('SELECT customer_id, region, channel, plan FROM features WHERE cutoff = CAST($c AS DATE) ORDER BY customer_id', {
      c: CUTOFF,
    });
    expect(snap.customerIds).toEqual(expected.map((r) => r.customer_id));
    for (const name of ['region', 'channel', 'plan'] as const)
      expect(snap.categorical[name], name).toEqual(expected.map((r) => r[name] ?? ''));
    expect(snap.categorical.channel[snap.customerIds.indexOf('c2')]).toBe('');
    const only = await readSnapshot(
      db,
      CUTOFF,
      { condition: 'customer_id = $id', params: { id: 'c2' } },
      { labels: false },
    );
    expect(only.customerIds).toEqual(['c2']);
    expect(only.categorical.plan).toEqual(['discount']);
    expect(only.churned).toEqual([]);
  });
});

describe('no leakage', () => {
  it('changes no feature when events after the cutoff are added', async () => {
    await buildSnapshot(db, options);
    const before = await readSnapshot(db, CUTOFF);
    await insertHistory(
      db,
      [],
      [
        ['c1', '2024-06-01 00:00:00', 'login'],
        ['c1', '2024-06-02 00:00:00', 'purchase', 999],
        ['c2', '2024-06-01 00:00:01', 'support_ticket'],
        ['c2', '2024-06-05 00:00:00', 'survey', null, 0],
        ['c4', '2024-07-01 00:00:00', 'ticket_resolved'],
        ['c4', '2025-01-01 00:00:00', 'care_contact'],
      ],
      100,
    );
    await buildSnapshot(db, options);
    const after = await readSnapshot(db, CUTOFF);
    expect(after.customerIds).toEqual(before.customerIds);
    for (const { name } of NUMERIC_FEATURES)
      expect(Array.from(after.numeric[name]), name).toEqual(Array.from(before.numeric[name]));
    expect(after.categorical).toEqual(before.categorical);
    // The labels, on the other hand, do see the new purchase.
    expect(after.futureValue[0]).toBe((before.futureValue[0] ?? 0) + 999);
  });
});
