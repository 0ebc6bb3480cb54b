// The subscription demo's lifetimes as the reference script reads them (duration in months, event,
// signup cohort): test/fixtures/survival/demo.csv is this, for 1,500 customers of seed 42 at
// 2026-07-01, and demo.json statsmodels' curves of it (bench/reference/kaplan-meier-reference.py).
import { join } from 'node:path';
import { openDatabase } from '../../pipeline/db/database.ts';
import { generateIntoDatabase } from '../../pipeline/generate/to-duckdb.ts';
import { subscriptionLifetimes } from '../../pipeline/report/publish-subscriptions.ts';
import { cohortGrain, cohortOf } from '../../pipeline/report/subscription-lifetimes.ts';

export const DEMO = { customers: 1500, seed: 42, asOf: '2026-07-01' } as const;

export async function demoLifetimesCsv(dir: string): Promise<string> {
  const db = await openDatabase(join(dir, 'churn.duckdb'));
  try {
    await generateIntoDatabase(db, { customers: DEMO.customers, seed: DEMO.seed, business: 'subscription' });
    const lifetimes = await subscriptionLifetimes(db, DEMO.asOf);
    const grain = cohortGrain(lifetimes.map((l) => l.started));
    const rows = [...lifetimes]
      .sort((a, b) => (a.customerId < b.customerId ? -1 : 1))
      .map((l) => `${l.months},${l.ended ? 1 : 0},${cohortOf(l.started, grain)}`);
    return ['duration,event,group', ...rows].join('\n') + '\n';
  } finally {
    db.close();
  }
}
