// Subscriptions on a real DuckDB file (issue 19): the state at a cutoff (subscribed, months of
// subscription, months to the contract's end, plan, monthly revenue, plan changes, downgrades, price
// increases, failed payments) from hand-written subscription events, and the cancellation
// definition's labels: a cancellation or a lapse in [C, C + H) among subscribers, the rest unlabelled.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../pipeline/db/database.ts';
import { buildSnapshot, readSnapshot } from '../pipeline/features/build-features.ts';
import { tempDatabase } from './helpers/temp-db.ts';

let db: Database;
let cleanup: () => void;
beforeEach(async () => ({ db, cleanup } = await tempDatabase()));
afterEach(() => cleanup());

type Sub = [
  customer: string,
  ts: string,
  type: string,
  plan: string | null,
  term: number | null,
  amount: number | null,
];

async function history(events: Sub[]) {
  const customers = [...new Set(events.map((e) => e[0]))];
  for (const c of customers)
    await db.run("INSERT INTO customers (customer_id, signup_date) VALUES ($c, DATE '2023-01-01')", { c });
  let k = 0;
  for (const [customer, ts, type, plan, term, amount] of events)
    await db.run(
      `INSERT INTO events (event_id, customer_id, ts, type, plan, term_months, amount)
       VALUES ($id, $customer, CAST($ts AS TIMESTAMP), $type, $plan, $term, $amount)`,
      { id: `e${++k}`, customer, ts, type, plan, term, amount },
    );
}

const CUTOFF = '2024-06-01';
// Cutoff 2024-06-01, horizon 60 days: the window [2024-06-01, 2024-07-31).
const EVENTS: Sub[] = [
  // monthly payer, on time: subscribed, mrr 30; pays in the window too
  ['monthly', '2024-01-10 00:00:00', 'subscription_start', 'basic', 1, null],
  ...['01', '02', '03', '04', '05', '06', '07'].map(
    (m): Sub => ['monthly', `2024-${m}-10 00:00:00`, 'payment', 'basic', 1, 30],
  ),
  // annual contract from 2023-09-01 (ends 2024-09-01), billed yearly 1200: mrr 100; no events after
  ['annual', '2023-09-01 00:00:00', 'subscription_start', 'pro', 12, null],
  ['annual', '2023-09-01 00:00:00', 'payment', 'pro', 12, 1200],
  // cancelled before the cutoff: not subscribed, unlabelled
  ['gone', '2024-01-05 00:00:00', 'subscription_start', 'basic', 1, null],
  ['gone', '2024-01-05 00:00:00', 'payment', 'basic', 1, 30],
  ['gone', '2024-03-20 00:00:00', 'cancellation', null, null, null],
  // pays until 2024-05-15 (covered to 06-15), then nothing: lapses in the window
  ['lapser', '2024-02-15 00:00:00', 'payment', 'basic', 1, 30],
  ['lapser', '2024-03-15 00:00:00', 'payment', 'basic', 1, 30],
  ['lapser', '2024-04-15 00:00:00', 'payment', 'basic', 1, 30],
  ['lapser', '2024-05-15 00:00:00', 'payment', 'basic', 1, 30],
  // downgrade (plan change, then a lower payment), a price increase (higher, no plan change), two
  // failed payments in 90 days, and a cancellation in the window
  ['mover', '2023-06-01 00:00:00', 'subscription_start', 'pro', 1, null],
  ['mover', '2024-01-01 00:00:00', 'payment', 'pro', 1, 50],
  ['mover', '2024-01-20 00:00:00', 'plan_change', 'basic', null, null],
  ['mover', '2024-02-01 00:00:00', 'payment', 'basic', 1, 30],
  ['mover', '2024-03-01 00:00:00', 'payment', 'basic', 1, 35],
  ['mover', '2024-04-01 00:00:00', 'payment_failed', 'basic', 1, null],
  ['mover', '2024-04-02 00:00:00', 'payment', 'basic', 1, 35],
  ['mover', '2024-05-01 00:00:00', 'payment_failed', 'basic', 1, null],
  ['mover', '2024-05-03 00:00:00', 'payment', 'basic', 1, 35],
  ['mover', '2024-06-20 00:00:00', 'cancellation', null, null, null],
];

describe('subscription state at a cutoff', () => {
  it('reads the contract, payments, plan and price moves of each customer', async () => {
    await history(EVENTS);
    await buildSnapshot(db, { cutoff: CUTOFF, horizonDays: 60, valueHorizonDays: 60, observedUntil: '2024-08-01' });
    const snap = await readSnapshot(db, CUTOFF);
    const row = (id: string) => {
      const i = snap.customerIds.indexOf(id);
      const n = snap.numeric;
      return {
        subscribed: n.subscribed[i],
        months: Math.round(n.subscription_months[i] * 1000) / 1000,
        toEnd: Math.round(n.months_to_contract_end[i] * 1000) / 1000,
        inContract: n.in_contract[i],
        plan: snap.categorical.current_plan[i],
        mrr: n.mrr[i],
        changes: n.plan_changes_365[i],
        downgrades: n.downgrades_365[i],
        increases: n.price_increases_365[i],
        failed: n.payments_failed_90[i],
      };
    };
    const days = (from: string) => (Date.parse(`${CUTOFF}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
    const months = (d: number) => Math.round((d / 30.4375) * 1000) / 1000;
    expect(row('monthly')).toEqual({
      subscribed: 1,
      months: months(days('2024-01-10')),
      toEnd: 0,
      inContract: 0,
      plan: 'basic',
      mrr: 30,
      changes: 0,
      downgrades: 0,
      increases: 0,
      failed: 0,
    });
    // 2024-09-01 is 92 days after the cutoff
    expect(row('annual')).toEqual({
      subscribed: 1,
      months: months(days('2023-09-01')),
      toEnd: months(92),
      inContract: 1,
      plan: 'pro',
      mrr: 100,
      changes: 0,
      downgrades: 0,
      increases: 0,
      failed: 0,
    });
    expect(row('gone')).toMatchObject({ subscribed: 0, mrr: 0, plan: 'basic' });
    expect(row('lapser')).toMatchObject({ subscribed: 1, mrr: 30 });
    expect(row('mover')).toEqual({
      subscribed: 1,
      months: months(days('2023-06-01')),
      toEnd: 0,
      inContract: 0,
      plan: 'basic',
      mrr: 35,
      changes: 1,
      downgrades: 1,
      increases: 1,
      failed: 2,
    });
  });
});

describe('churn as cancellation', () => {
  it('labels subscribers: a cancellation or a lapse in the window is churn; the rest unlabelled', async () => {
    await history(EVENTS);
    const churn = { definition: 'cancellation' as const };
    await buildSnapshot(db, {
      cutoff: CUTOFF,
      horizonDays: 60,
      valueHorizonDays: 60,
      observedUntil: '2024-08-01',
      churn,
    });
    const labels = Object.fromEntries(
      (
        await db.all<{ id: string; churned: number | null }>(
          'SELECT customer_id AS id, churned FROM features ORDER BY 1',
        )
      ).map((r) => [r.id, r.churned]),
    );
    // annual: covered to 2024-09-01, past the window; monthly pays in it; lapser's cover ends 06-15
    expect(labels).toEqual({ annual: 0, gone: null, lapser: 1, monthly: 0, mover: 1 });
    // A window not fully observed gives no label at all.
    await buildSnapshot(db, {
      cutoff: CUTOFF,
      horizonDays: 60,
      valueHorizonDays: 60,
      observedUntil: '2024-07-01',
      churn,
    });
    expect(await db.all('SELECT count(churned) AS n FROM features')).toEqual([{ n: 0 }]);
  });

  it('is refused on a history without subscription events', async () => {
    await db.run("INSERT INTO customers (customer_id, signup_date) VALUES ('a', DATE '2023-01-01')");
    await expect(
      buildSnapshot(db, {
        cutoff: CUTOFF,
        horizonDays: 60,
        valueHorizonDays: 60,
        observedUntil: '2024-08-01',
        churn: { definition: 'cancellation' },
      }),
    ).rejects.toThrow(/churn\.definition "cancellation" needs subscription events/);
  });
});

describe('the plan knows contracts', () => {
  it('matches a contract window, moves due dates before the contract ends, and reasons say why', async () => {
    const { matches } = await import('../pipeline/plan/match.ts');
    const { dueBefore } = await import('../pipeline/plan/assign.ts');
    const { reasonBook } = await import('../pipeline/score/reason-book.ts');
    const base = { lifecycle: 'active', valueTier: 'high', riskTier: 'high', segment: 'loyal', drivers: [] };
    const when = { riskTier: ['high' as const], contractEndsWithinDays: 30 };
    expect(matches(when, { ...base, daysToContractEnd: 30 })).toBe(true);
    expect(matches(when, { ...base, daysToContractEnd: 31 })).toBe(false);
    expect(matches(when, { ...base, daysToContractEnd: null })).toBe(false);
    expect(matches({ riskTier: ['high'] }, { ...base, daysToContractEnd: null })).toBe(true);
    // due in 14 days, but the contract ends in 9.6: a day before it; without a contract, as the action says
    expect([dueBefore(14, 9.6), dueBefore(14, 40), dueBefore(14, null), dueBefore(14, 0.5)]).toEqual([8, 14, 14, 0]);
    const book = reasonBook([], true);
    // The input holds what the book says it reads, as scoring fills it from the snapshot.
    const snapshot: Record<string, number> = {
      tenure_days: 400,
      frequency_total: 3,
      in_contract: 1,
      months_to_contract_end: 24 / 30.4375,
      payments_failed_90: 2,
      price_increases_365: 1,
      downgrades_365: 0,
    };
    const input = { ...Object.fromEntries(book.inputs.map((n) => [n, snapshot[n] ?? 0])), plan: '' };
    const holding = book.rules.filter((r) => r.applies(input as never));
    expect(holding.map((r) => r.text(r.args(input as never)))).toEqual([
      { en: 'Contract ends in 24 days', 'zh-CN': '合同 24 天后到期' },
      { en: '2 failed payments in 90 days', 'zh-CN': '90 天内 2 次付款失败' },
      { en: 'Price went up in the last year', 'zh-CN': '近一年价格上调' },
    ]);
  });
});
