// `churn evaluate` on a small generated history: both splits, every baseline on the same customers,
// the JSON shape other tools read, deterministic results, and a clear error when labels are unobserved.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIntoDatabase } from '../pipeline/generate/to-duckdb.ts';
import { openDatabase } from '../pipeline/db/database.ts';
import { churn } from './helpers/cli.ts';
import { tempDir } from './helpers/temp-db.ts';

let dir: string;
let cleanup: () => void;
let db: string;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'churn.duckdb');
  const handle = await openDatabase(db);
  await generateIntoDatabase(handle, { customers: 2500, seed: 11 });
  handle.close();
});
afterAll(() => cleanup());

const evaluate = (...args: string[]) => {
  const run = churn(['evaluate', '--db', db, '--json', ...args]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
};

describe('churn evaluate', () => {
  it('time split: the deep model and every baseline on the same test customers', () => {
    const report = evaluate('--split', 'time', '--horizon-days', '90', '--value-horizon-days', '180');
    expect(report.split).toBe('time');
    expect(report.customers.test).toBeGreaterThan(1000);
    expect(report.cutoffs.valid < report.asOf).toBe(true);
    expect(report.cutoffs.train.every((c: string) => c < report.cutoffs.valid)).toBe(true);
    expect(report.models.map((m: { name: string }) => m.name)).toEqual(['deep', 'logistic', 'recency', 'bgnbd']);
    const byName = Object.fromEntries(report.models.map((m: { name: string }) => [m.name, m]));
    for (const key of ['auc', 'prAuc', 'logLoss', 'brier', 'ece', 'liftTopDecile']) expect(byName.deep.churn).toHaveProperty(key);
    for (const key of ['gini', 'spearman', 'decileMape', 'predictedTotal', 'actualTotal']) expect(byName.deep.value).toHaveProperty(key);
    expect(byName.deep.churn.auc).toBeGreaterThan(0.75);
    expect(byName.recency.churn.logLoss).toBeNull();
    expect(byName.logistic.value).toBeUndefined();
    expect(byName.bgnbd.value.actualTotal).toBe(byName.deep.value.actualTotal);
  });

  it('customers split: one snapshot, a fixed 20% of customers held out, same result every run', () => {
    const first = evaluate('--split', 'customers', '--horizon-days', '90', '--value-horizon-days', '90');
    const second = evaluate('--split', 'customers', '--horizon-days', '90', '--value-horizon-days', '90');
    expect(first.cutoffs.train).toEqual([first.asOf]);
    const share = first.customers.test / (first.customers.train + first.customers.valid + first.customers.test);
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.25);
    expect(second.models).toEqual(first.models);
  });

  it('refuses an as-of date whose labels are not observed yet', () => {
    const run = churn(['evaluate', '--db', db, '--as-of', '2099-01-01']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/need events until/);
  });
});
