// `churn evaluate` on a small generated history: both splits, every baseline on the same customers,
// the JSON shape other tools read, deterministic results, and a clear error when labels are unobserved.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from '../pipeline/cli/commands/evaluate.ts';
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

const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);

/** A customer split with 90-day horizons. */
const CUSTOMERS_90 = ['--split', 'customers', '--horizon-days', '90', '--value-horizon-days', '90'];

const evaluate = (...args: string[]) => {
  const run = churn(['evaluate', '--db', db, '--json', ...args]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
};

describe('churn evaluate', () => {
  it('time split: what train would ship and every candidate on the same test customers, chosen before the test window', () => {
    const report = evaluate('--split', 'time', '--horizon-days', '90', '--value-horizon-days', '180');
    expect(report.split).toBe('time');
    expect(report.customers.test).toBeGreaterThan(1000);
    expect(report.cutoffs.valid < report.asOf).toBe(true);
    expect(report.cutoffs.train.every((c: string) => c < report.cutoffs.valid)).toBe(true);
    // No label the models learned from or were chosen on reaches into the test window.
    expect(report.trainingLabelsUntil < report.asOf).toBe(true);
    // What is scored on the test customers was fitted again on the training and validation rows.
    expect(report.finalFit).toEqual({ rows: report.customers.train + report.customers.valid });
    expect(report.champion).toBe('shipped');
    // The text output carries the intervals and the next purchase, as --json does.
    const text = formatReport(report);
    expect(text).toMatch(/80% intervals of value on the test customers .*shipped covers \d+\.\d%/);
    expect(text).toMatch(/churn probability: mean width 0\.\d{3}/);
    expect(text).toMatch(/next purchase \(.* customers bought; the usual gap errs by \d+ days\):/);
    expect(text).toMatch(
      /BG\/NBD: +median absolute error \d+ days \(ratio \d\.\d\d\), 80% interval covers \d+\.\d%, ECE of P\(within 7 \/ 30 days\) 0\.\d{3} \/ 0\.\d{3}/,
    );
    expect(text).toMatch(/shipped: median absolute error \d+ days .*corrected with cutoffs \d{4}-\d\d-\d\d/);
    expect(report.models.map((m: { name: string }) => m.name)).toEqual([
      'shipped',
      'network',
      'logistic',
      'gbdt',
      'bgnbd',
      'poisson',
      'stack',
      'recency',
    ]);
    const byName = Object.fromEntries(report.models.map((m: { name: string }) => [m.name, m]));
    for (const key of ['auc', 'prAuc', 'logLoss', 'brier', 'ece', 'liftTopDecile'])
      expect(byName.shipped.churn).toHaveProperty(key);
    for (const key of ['gini', 'spearman', 'decileMape', 'predictedTotal', 'actualTotal'])
      expect(byName.shipped.value).toHaveProperty(key);
    expect(byName.shipped.churn.auc).toBeGreaterThan(0.75);
    expect(byName.recency.churn.logLoss).toBeNull();
    expect(byName.logistic.value).toBeUndefined();
    expect(byName.poisson.churn).toBeUndefined();
    expect(byName.bgnbd.value.actualTotal).toBe(byName.shipped.value.actualTotal);
    // The shipped heads are candidates that were measured, and selection metrics are reported apart.
    const candidates = ['network', 'logistic', 'gbdt', 'bgnbd', 'poisson', 'stack'];
    expect(candidates).toContain(report.shipped.churn);
    expect(candidates).toContain(report.shipped.value);
    expect(report.selection.churn.model).toBe(report.shipped.churn);
    expect(report.selection.metrics).toMatch(/cross-fitted/);
    // What ships is the shipped entry: its churn metrics are those of the chosen candidate.
    if (report.shipped.churn === 'stack') expect(byName.shipped.churn.auc).toBeCloseTo(byName.stack.churn.auc, 6);
  });

  it('backtest: K as-of dates one churn horizon apart, each model per date with mean and spread', () => {
    const report = evaluate('--split', 'time', '--horizon-days', '60', '--value-horizon-days', '60', '--backtest', '3');
    expect(report.backtest.dates).toHaveLength(3);
    const [a, b, c] = report.backtest.dates;
    expect([a, b, c]).toEqual([report.asOf, shift(a, -60), shift(a, -120)]);
    expect(report.backtest.shipped).toHaveLength(3);
    const shipped = report.backtest.models.shipped;
    expect(shipped.auc).toHaveLength(3);
    expect(shipped.auc[0]).toBe(report.models[0].churn.auc);
    const mean = shipped.auc.reduce((x: number, y: number) => x + y, 0) / 3;
    expect(shipped.aucMean).toBeCloseTo(mean, 5);
    expect(shipped.aucSd).toBeGreaterThanOrEqual(0);
    expect(report.backtest.models.recency.gini).toEqual([null, null, null]);
  });

  it('customers split: one snapshot, a fixed 20% of customers held out, same result every run; a backtest draws other splits', () => {
    const first = evaluate(...CUSTOMERS_90);
    expect(first.cutoffs.train).toEqual([first.asOf]);
    const share = first.customers.test / (first.customers.train + first.customers.valid + first.customers.test);
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.25);
    expect(first.backtest).toBeUndefined();
    // One-cohort data has no earlier dates: its backtest is K customer splits of the same snapshot.
    // The first is the split above (same customers, same result); the second holds out others.
    const repeated = evaluate(...CUSTOMERS_90, '--backtest', '2');
    expect(repeated.models).toEqual(first.models);
    expect(repeated.backtest.splits).toEqual(['split 1', 'split 2']);
    expect(repeated.backtest.dates).toEqual([first.asOf, first.asOf]);
    const shipped = repeated.backtest.models.shipped;
    expect(shipped.auc[0]).toBe(first.models[0].churn.auc);
    expect(shipped.auc[1]).not.toBe(shipped.auc[0]);
    expect(shipped.aucMean).toBeCloseTo((shipped.auc[0] + shipped.auc[1]) / 2, 5);
  });

  it('customers split from a file: each run takes its sets from it, and a bad file is one line naming it', async () => {
    const first = evaluate(...CUSTOMERS_90);
    const handle = await openDatabase(db, { readOnly: true });
    const ids = (
      await handle.all<{ id: string }>(
        `SELECT customer_id AS id FROM features WHERE cutoff = CAST($d AS DATE) ORDER BY 1`,
        { d: first.asOf },
      )
    ).map((r) => r.id);
    handle.close();
    // Every 5th customer held out, every 10th (of the rest) for validation: not the hash's split.
    const setOf = (i: number) => (i % 5 === 0 ? 'test' : i % 10 === 1 ? 'valid' : 'train');
    const file = join(dir, 'splits.csv');
    writeFileSync(
      file,
      ['customer_id,split,set', ...ids.map((id, i) => `${id},1,${setOf(i)}`), 'not-a-customer,1,test'].join('\n') +
        '\n',
    );
    const fromFile = evaluate(...CUSTOMERS_90, '--split-file', file);
    expect(fromFile.splitFile).toBe(file);
    const count = (set: string) => ids.filter((_, i) => setOf(i) === set).length;
    expect(fromFile.customers).toEqual({ train: count('train'), valid: count('valid'), test: count('test') });
    expect(fromFile.customers.test).not.toBe(first.customers.test);

    writeFileSync(file, `customer_id,split,set\n${ids[0]},1,holdout\n`);
    const bad = churn(['evaluate', '--db', db, '--split', 'customers', '--split-file', file]);
    expect(bad.code).toBe(3);
    expect(bad.stderr.trim()).toBe(
      `churn evaluate: split file ${file}, line 2: set must be train, valid or test, got "holdout"`,
    );
    writeFileSync(file, `customer_id,split,set\n${ids[0]},1,test\n`);
    const missing = churn(['evaluate', '--db', db, '--split', 'customers', '--split-file', file]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain(`split file ${file} gives customer ${ids[1]} no set in split 1`);
  });

  it('refuses an as-of date whose labels are not observed yet', () => {
    const run = churn(['evaluate', '--db', db, '--as-of', '2099-01-01']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/need events until/);
  });
});
