// End to end through the real CLI: `churn demo --customers 3000` in a temp dir builds the model, the
// exports and the site; a second run with the same seed produces the same model and the same files.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../pipeline/db/database.ts';
import { churn, type CliResult } from './helpers/cli.ts';
import { tempDir } from './helpers/temp-db.ts';

let dir: string;
let cleanup: () => void;
let run: CliResult;
let result: {
  generated: { customers: number; events: number };
  train: { modelId: string; evaluation: { metrics: { auc: number; recencyAuc: number } } };
  exports: { out: string; rows: number }[];
  site: { outDir: string; pages: string[] };
};

const listFiles = (root: string): string[] =>
  readdirSync(root, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(root, e.name)) : [join(root, e.name)],
  );

/** The demo both runs make (the determinism test compares them), into <dir>/<sub>/churn.duckdb. */
const demo = (sub: string) => ['demo', '--customers', '3000', '--seed', '5', '--db', join(dir, sub, 'churn.duckdb')];
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  run = churn([...demo('a'), '--out', join(dir, 'a', 'site'), '--json']);
  result = JSON.parse(run.stdout);
});
afterAll(() => cleanup());

describe('churn demo', () => {
  it('exits 0 and reports each stage with its timing on stderr', () => {
    expect(run.code, run.stderr).toBe(0);
    for (const stage of ['generate', 'features', 'train', 'score', 'export', 'publish', 'site']) {
      expect(run.stderr).toMatch(new RegExp(`^${stage}\\s+.*\\(\\d+\\.\\d\\d s\\)$`, 'm'));
    }
    expect(result.generated.customers).toBe(3000);
  });

  it('trains a model that beats the recency rule and reaches AUC 0.75', () => {
    const m = result.train.evaluation.metrics;
    expect(m.auc).toBeGreaterThanOrEqual(0.75);
    expect(m.auc).toBeGreaterThan(m.recencyAuc);
  });

  it('builds the site with the overview, at-risk and model pages', () => {
    for (const page of ['index.html', 'at-risk.html', 'model.html'])
      expect(existsSync(join(result.site.outDir, page))).toBe(true);
  });

  it('exports an Excel-safe CSV, an xlsx and a Parquet file with the same rows, in priority order', async () => {
    const [csv, xlsx, parquet] = result.exports;
    expect(xlsx.rows).toBe(csv.rows);
    const text = readFileSync(csv.out, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0].startsWith('Customer ID,Name,Email,Phone,')).toBe(true);
    // Phones written as +86 ... are neutralised; no cell starts with a formula character.
    expect(text).toContain(",'+86 ");
    expect(text).not.toMatch(/(^|,)[=+@]/m);
    const db = await openDatabase(':memory:');
    const rows = await db.all<{ priority: number | null; control: boolean; value_at_risk: number }>(
      'SELECT priority, control, value_at_risk FROM read_parquet($p)',
      { p: parquet.out },
    );
    db.close();
    expect(rows).toHaveLength(csv.rows);
    // Contacted customers first, by priority 1, 2, 3, ...; then the control group; then the rest.
    const contacted = rows.filter((r) => r.priority !== null);
    expect(contacted.map((r) => r.priority)).toEqual(contacted.map((_, i) => i + 1));
    expect(rows.slice(0, contacted.length).every((r) => r.priority !== null)).toBe(true);
    const rank = (r: { priority: number | null; control: boolean }) => (r.priority !== null ? 0 : r.control ? 1 : 2);
    expect(rows.map(rank)).toEqual([...rows.map(rank)].sort((a, b) => a - b));
  });

  it('publishes and builds the site private by default: no customer e-mail, phone or name in publish/ or the site', async () => {
    const db = await openDatabase(join(dir, 'a', 'churn.duckdb'), { readOnly: true });
    const customers = await db.all<{ name: string; email: string; phone: string }>(
      `SELECT coalesce(name, '') AS name, coalesce(email, '') AS email, coalesce(phone, '') AS phone FROM customers`,
    );
    db.close();
    const contacts = new Set(
      customers.flatMap((c) => [c.email, c.phone.replace(/\D/g, '')]).filter((v) => v.length > 4),
    );
    expect(contacts.size).toBeGreaterThan(1000);
    const names = new Set(customers.map((c) => c.name).filter(Boolean));
    const leaks: string[] = [];
    for (const root of [join(dir, 'a', 'publish'), result.site.outDir]) {
      for (const file of listFiles(root)) {
        const text = readFileSync(file, 'utf8');
        for (const email of text.match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g) ?? [])
          if (contacts.has(email)) leaks.push(`${file}: ${email}`);
        for (const phone of text.match(/\+?\d[\d ()-]{6,}\d/g) ?? [])
          if (contacts.has(phone.replace(/\D/g, ''))) leaks.push(`${file}: ${phone}`);
        for (const [, name] of text.matchAll(/"name":\s*"([^"]*)"/g))
          if (names.has(name)) leaks.push(`${file}: ${name}`);
      }
    }
    expect(leaks.slice(0, 5)).toEqual([]);
  });

  it("the site's at-risk filters select exactly the rows `churn export` writes for the same filter", async () => {
    const atRisk = JSON.parse(readFileSync(join(dir, 'a', 'publish', 'at-risk.json'), 'utf8'));
    expect(atRisk.rows.length).toBe(atRisk.atRisk); // the whole at-risk list is published (below report.maxRows)
    // the site's own filter (browser JavaScript whose pure helpers also run in Node)
    const { filterRows } = await import(new URL('../reports/components/row-filters.js', import.meta.url).href);
    const action = atRisk.rows.find((r: { action: string }) => r.action !== 'none').action;
    const cases: [Record<string, string>, string[]][] = [
      [{ riskTier: 'high' }, ['--tier', 'high']],
      [{ segment: 'at_risk' }, ['--segment', 'at_risk']],
      [{ riskTier: 'medium', channel: 'phone' }, ['--tier', 'medium', '--channel', 'phone']],
      [{ action }, ['--action', action]],
    ];
    for (const [filter, flags] of cases) {
      const out = join(dir, `filter-${flags.join('-')}.json`);
      const run = churn(['export', '--db', join(dir, 'a', 'churn.duckdb'), '--format', 'json', '--out', out, ...flags]);
      expect(run.code, run.stderr).toBe(0);
      const exported = (JSON.parse(readFileSync(out, 'utf8')) as { customer_id: string }[])
        .map((r) => r.customer_id)
        .sort();
      const shown = filterRows(atRisk.rows, filter)
        .map((r: { customerId: string }) => r.customerId)
        .sort();
      expect(shown.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(shown, JSON.stringify(filter)).toEqual(exported);
    }
  });

  it('status reads the result back', () => {
    const status = JSON.parse(churn(['status', '--db', join(dir, 'a', 'churn.duckdb'), '--json']).stdout);
    expect(status.lastModel.modelId).toBe(result.train.modelId);
    expect(status.lastScoring.customers).toBe(3000);
    expect(status.history.defaultAsOf).toBe('2026-07-01');
  });

  it('is deterministic: same seed, same model id, weights and byte-identical export', () => {
    const again = churn([...demo('b'), '--no-report', '--json']);
    expect(again.code, again.stderr).toBe(0);
    const second = JSON.parse(again.stdout);
    expect(second.train.modelId).toBe(result.train.modelId);
    expect(sha(second.exports[0].out)).toBe(sha(result.exports[0].out));
    expect(sha(join(dir, 'b', 'models', second.train.modelId, 'weights.bin'))).toBe(
      sha(join(dir, 'a', 'models', result.train.modelId, 'weights.bin')),
    );
  });
});
