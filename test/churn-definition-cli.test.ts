// `churn evaluate --json` under "no login in 30 days" (config churn.definition no_activity): the report
// states the definition, BG/NBD's P(no purchase) is no churn candidate (it says why), while its value
// prediction still competes; an unknown event type stops the command with one line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../pipeline/db/database.ts';
import { generateIntoDatabase } from '../pipeline/generate/to-duckdb.ts';
import { churn } from './helpers/cli.ts';
import { tempDir } from './helpers/temp-db.ts';

let dir: string;
let cleanup: () => void;
let db: string;

const config = (file: string, section: unknown) => {
  const path = join(dir, file);
  writeFileSync(path, JSON.stringify({ churn: section, model: { epochs: 5, members: 1 } }));
  return path;
};

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'churn.duckdb');
  const handle = await openDatabase(db);
  await generateIntoDatabase(handle, { customers: 2000, seed: 11 });
  handle.close();
});
afterAll(() => cleanup());

const SPLIT = ['--split', 'customers', '--horizon-days', '30', '--value-horizon-days', '90'];

describe('churn evaluate with churn defined as no login', () => {
  it('states the definition and leaves the BG/NBD churn baseline out, saying why', () => {
    const cfg = config('login.json', { definition: 'no_activity', eventTypes: ['login'] });
    const run = churn(['evaluate', '--db', db, '--config', cfg, '--json', ...SPLIT]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.churnDefinition).toBe('no login in 30 days');
    expect(report.btydBaseline).toBe(
      'not applicable: churn is defined as no login in 30 days, while BG/NBD predicts purchases',
    );
    const bgnbd = report.models.find((m: { name: string }) => m.name === 'bgnbd');
    expect(bgnbd.churn).toBeUndefined();
    expect(bgnbd.value.gini).toEqual(expect.any(Number));
    expect(report.selection.churn.candidates.map((c: { name: string }) => c.name)).not.toContain('bgnbd');
    expect(report.selection.value.candidates.map((c: { name: string }) => c.name)).toContain('bgnbd');
    expect(report.shipped.churn).not.toBe('bgnbd');
  });

  it('refuses an event type the history does not hold, in one line', () => {
    const cfg = config('typo.json', { definition: 'event', eventTypes: ['cancelation'] });
    const run = churn(['evaluate', '--db', db, '--config', cfg, '--json', ...SPLIT]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    // One line for the error (after the progress log), no stack trace.
    const lines = run.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/config churn\.eventTypes: unknown event type cancelation; known types: .*login/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('on a history without money (logins only) fits no value trees and refuses to save in one line', async () => {
    const { dir: other, cleanup: done } = tempDir();
    try {
      const logins = join(other, 'churn.duckdb');
      const handle = await openDatabase(logins);
      await generateIntoDatabase(handle, { customers: 1500, seed: 11 });
      await handle.run("DELETE FROM events WHERE type IN ('purchase', 'refund'); DELETE FROM event_links_state;");
      handle.close();
      const cfg = config('logins.json', { definition: 'no_activity', eventTypes: ['login'] });
      const run = churn(['train', '--db', logins, '--config', cfg]);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/candidates: no spend in the value labels, so no value trees/);
      expect(run.stderr.trim().split('\n').at(-1)).toMatch(/validation metrics are not finite \(value Gini NaN\)/);
      expect(run.stderr).not.toMatch(/internal error|^\s+at /m);
    } finally {
      done();
    }
  });
});
