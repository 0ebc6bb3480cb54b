// The CLI surface: help for every command, one-line user errors with exit codes, ingest refusing bad
// files by line, status on an empty path, --json on stdout only.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../pipeline/db/database.ts';
import { COMMANDS } from '../pipeline/cli/commands.ts';
import { churn } from './helpers/cli.ts';
import { tempDir } from './helpers/temp-db.ts';

const REQUIRED = ['demo', 'generate', 'ingest', 'features', 'train', 'score', 'export', 'report', 'status'];

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

describe('help', () => {
  it('lists every command', () => {
    const r = churn(['--help']);
    expect(r.code).toBe(0);
    for (const name of REQUIRED) expect(r.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it.each(COMMANDS.map((c) => c.name))('%s --help shows usage and exits 0', (name) => {
    const r = churn([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`usage: churn ${name}`);
    expect(r.stdout).toContain('--db PATH');
  });
});

describe('user errors', () => {
  it('unknown option: one line and usage, exit 2, no stack', () => {
    const r = churn(['train', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^churn train: Unknown option '--bogus'/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('bad date and bad number name the option', () => {
    expect(churn(['features', '--as-of', '2024-02-30', '--db', join(dir, 'x.duckdb')]).stderr).toContain(
      '--as-of: expected a date as YYYY-MM-DD, got "2024-02-30"',
    );
    expect(churn(['demo', '--customers', 'many']).stderr).toContain('--customers: expected a whole number');
  });

  it('invalid config file: path: message lines', () => {
    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ horizonDays: 'ninety', model: { epochs: 0 } }));
    const r = churn(['status', '--config', config, '--db', join(dir, 'none.duckdb')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('horizonDays: Invalid input: expected number');
    expect(r.stderr).toContain('model.epochs: Too small');
  });

  it('status of a database that does not exist says so and creates nothing', () => {
    const db = join(dir, 'missing', 'churn.duckdb');
    const r = churn(['status', '--db', db, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ db, exists: false });
    expect(existsSync(db)).toBe(false);
  });

  it('train on an empty or a missing database explains what to do, and creates nothing', async () => {
    const empty = join(dir, 'empty.duckdb');
    (await openDatabase(empty)).close();
    const r = churn(['train', '--db', empty]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('has no events: run `churn demo` or `churn ingest` first');
    const missing = join(dir, 'missing.duckdb');
    const m = churn(['train', '--db', missing]);
    expect(m.code).toBe(3);
    expect(m.stderr).toContain('does not exist: run `churn demo` or `churn ingest` first');
    expect(existsSync(missing)).toBe(false);
  });
});

describe('ingest', () => {
  const header = 'customer_id,signup_date,region,channel,plan,name,email,phone\n';

  it('loads a valid file and reports counts; loading it again inserts nothing', () => {
    const db = join(dir, 'ingest.duckdb');
    const file = join(dir, 'customers.csv');
    writeFileSync(file, header + 'c1,2024-01-01,north,web,basic,Ann,a@x.org,\nc2,2024-02-01,,,,,,\n');
    const first = churn(['ingest', file, '--kind', 'customers', '--db', db, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).files[0]).toMatchObject({ rowsRead: 2, inserted: 2, alreadyPresent: 0 });
    const again = churn(['ingest', file, '--kind', 'customers', '--db', db, '--json']);
    expect(JSON.parse(again.stdout).files[0]).toMatchObject({ rowsRead: 2, inserted: 0, alreadyPresent: 2 });
  });

  it('rejects a bad row with its line and reason, loads the good ones, and reconciles', () => {
    const db = join(dir, 'refuse.duckdb');
    const customers = join(dir, 'c.csv');
    writeFileSync(customers, header + 'c1,2024-01-01,,,,,,\n');
    expect(churn(['ingest', customers, '--kind', 'customers', '--db', db]).code).toBe(0);
    const events = join(dir, 'bad-events.csv');
    writeFileSync(
      events,
      'event_id,customer_id,ts,type,amount,score,channel,text\n' +
        'e1,c1,2024-03-01 10:00:00,purchase,12.5,,web,\n' +
        'e2,c1,yesterday,purchase,3,,web,\n',
    );
    const rejects = join(dir, 'rejects.csv');
    const r = churn(['ingest', events, '--kind', 'events', '--db', db, '--rejects', rejects, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [file] = JSON.parse(r.stdout).files;
    expect(file).toMatchObject({
      rowsRead: 2,
      inserted: 1,
      alreadyPresent: 0,
      rejected: 1,
      rejectsByReason: { bad_timestamp: 1 },
    });
    expect(readFileSync(rejects, 'utf8')).toContain(
      'e2,c1,yesterday,purchase,3,,web,,3,bad_timestamp,"ts: cannot read ""yesterday"" as a timestamp"',
    );
  });

  it('refuses a file that is not what --kind says with one line', () => {
    const db = join(dir, 'fields.duckdb');
    const file = join(dir, 'events-as-customers.csv');
    writeFileSync(file, 'event_id,customer_id,ts,type\ne1,c1,2024-01-01,login\n');
    const r = churn(['ingest', file, '--kind', 'customers', '--db', db]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(
      'column "signup_date" (for signup_date) is not in the file; its columns are event_id, customer_id, ts, type',
    );
  });

  it('rejects an unknown kind and a missing file', () => {
    expect(churn(['ingest', 'x.csv', '--kind', 'orders']).stderr).toContain(
      '--kind: expected customers, events or actions, got "orders"',
    );
    expect(
      churn(['ingest', join(dir, 'nope.csv'), '--kind', 'events', '--db', join(dir, 'n.duckdb')]).stderr,
    ).toContain('nope.csv: no such file');
  });
});
