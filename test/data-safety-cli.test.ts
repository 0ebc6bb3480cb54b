// Never lose a user's data, and user mistakes get one line: through the real CLI, `churn demo` and the
// generators never replace data they did not write (ingested files, actions, rows added by hand);
// a wrong --db, --out or --rejects (missing, a folder for a file or the reverse, read-only) is one
// line naming the path, exit 3, found before any work and leaving nothing behind.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../pipeline/db/database.ts';
import { UserError } from '../pipeline/errors.ts';
import { generateWithSql } from '../pipeline/generate/sql-generator.ts';
import { generateIntoDatabase } from '../pipeline/generate/to-duckdb.ts';
import { churn, type CliResult } from './helpers/cli.ts';
import { tempDir } from './helpers/temp-db.ts';

const CDNOW = fileURLToPath(new URL('../data/samples/cdnow/CDNOW_sample.txt', import.meta.url));
const CDNOW_MAP = fileURLToPath(new URL('../data/samples/cdnow/mapping.json', import.meta.url));
const CDNOW_EVENTS = 6919;

let dir: string;
let cleanup: () => void;
/** A database holding the CDNOW sample, loaded by `churn ingest`. */
let userDb: string;

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  userDb = join(dir, 'user', 'churn.duckdb');
  const r = churn(['ingest', CDNOW, '--kind', 'events', '--map', CDNOW_MAP, '--db', userDb]);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => cleanup());

async function counts(path: string): Promise<{ customers: number; events: number; loads: number; actions: number }> {
  const db = await openDatabase(path, { readOnly: true });
  try {
    const [row] = await db.all<{ customers: number; events: number; loads: number; actions: number }>(
      `SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM events) AS events,
              (SELECT count(*) FROM ingest_log) AS loads, (SELECT count(*) FROM actions) AS actions`,
    );
    return row;
  } finally {
    db.close();
  }
}

async function sql(path: string, statement: string): Promise<void> {
  const db = await openDatabase(path);
  try {
    await db.run(statement);
  } finally {
    db.close();
  }
}

/** Exit 3 and exactly one line on stderr, naming `path`, with no stack trace. */
function expectOneLine(r: CliResult, path: string, what: string | RegExp): void {
  expect(r.code, r.stderr).toBe(3);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toContain(path);
  expect(lines[0]).toMatch(what);
}

function copyOf(db: string, name: string): string {
  const target = join(dir, name, 'churn.duckdb');
  mkdirSync(join(dir, name), { recursive: true });
  copyFileSync(db, target);
  return target;
}

describe('churn demo never replaces data it did not generate', () => {
  it('refuses a database with ingested events: one line naming it and --replace, every event kept', async () => {
    const before = await counts(userDb);
    expect(before.events).toBe(CDNOW_EVENTS);
    const r = churn(['demo', '--customers', '100', '--no-report', '--db', userDb]);
    expectOneLine(r, userDb, /1 file loaded by `churn ingest`.*--replace/);
    expect(await counts(userDb)).toEqual(before);
    // Refused before any stage: no model, no export beside the database.
    expect(existsSync(join(dir, 'user', 'models'))).toBe(false);
    expect(existsSync(join(dir, 'user', 'exports'))).toBe(false);
  });

  it('with --replace, replaces it on purpose: the loads are gone with the events', async () => {
    const db = copyOf(userDb, 'replaced');
    const r = churn(['demo', '--customers', '100', '--no-report', '--replace', '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/--replace: replacing .*1 file loaded by `churn ingest`/);
    const generated = JSON.parse(r.stdout).generated as { customers: number; events: number };
    expect(await counts(db)).toEqual({ customers: 100, events: generated.events, loads: 0, actions: 0 });
  });

  describe('a database holding a previous demo', () => {
    let db: string;
    beforeAll(() => {
      db = join(dir, 'demo', 'churn.duckdb');
      const r = churn(['demo', '--customers', '100', '--seed', '3', '--no-report', '--db', db]);
      expect(r.code, r.stderr).toBe(0);
    });

    it('is its own: a second demo regenerates it', async () => {
      const r = churn(['demo', '--customers', '150', '--seed', '4', '--no-report', '--db', db, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const generated = JSON.parse(r.stdout).generated as { customers: number; events: number };
      expect(await counts(db)).toMatchObject({ customers: 150, events: generated.events });
      const handle = await openDatabase(db, { readOnly: true });
      const marker = await handle.all('SELECT generator, seed, customers, events FROM generated_history');
      handle.close();
      expect(marker).toEqual([{ generator: 'js', seed: 4, customers: 150, events: generated.events }]);
    });

    it('is no longer its own once a customer is added by hand, or an action is recorded', async () => {
      await sql(db, "INSERT INTO customers VALUES ('mine', DATE '2025-01-01', NULL, NULL, NULL, 'Ann', NULL, NULL)");
      const before = await counts(db);
      expectOneLine(
        churn(['demo', '--customers', '100', '--no-report', '--db', db]),
        db,
        /customers and [\d,]+ events that the generator did not write/,
      );
      expect(await counts(db)).toEqual(before);

      await sql(
        db,
        "DELETE FROM customers WHERE customer_id = 'mine'; INSERT INTO actions (action_id, customer_id, ts, action) VALUES ('a1', 'c1', TIMESTAMP '2026-01-01', 'call')",
      );
      expectOneLine(churn(['demo', '--customers', '100', '--no-report', '--db', db]), db, /1 action[^s]/);
      expect((await counts(db)).actions).toBe(1);
    });
  });
});

describe('the generators never replace a history they did not write', () => {
  it('generateIntoDatabase and the SQL generator refuse ingested data even with replace', async () => {
    const path = copyOf(userDb, 'generators');
    const db = await openDatabase(path);
    try {
      await expect(generateIntoDatabase(db, { customers: 50, seed: 1, replace: true })).rejects.toThrow(UserError);
      await expect(generateWithSql(db, { customers: 50, seed: 1, replace: true })).rejects.toThrow(
        /the generator does not write into it/,
      );
    } finally {
      db.close();
    }
    expect((await counts(path)).events).toBe(CDNOW_EVENTS);
  });

  it('churn generate does not overwrite a customers.csv already in --out unless --replace', () => {
    const out = join(dir, 'exports-of-mine');
    mkdirSync(out);
    writeFileSync(join(out, 'customers.csv'), 'my,own,data\n');
    expectOneLine(
      churn(['generate', '--out', out, '--customers', '20']),
      out,
      /already holds customers.csv: add --replace/,
    );
    expect(readFileSync(join(out, 'customers.csv'), 'utf8')).toBe('my,own,data\n');
    const r = churn(['generate', '--out', out, '--customers', '20', '--replace']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'customers.csv'), 'utf8')).toMatch(/^customer_id,/);
  });
});

describe('path mistakes are one line, exit 3, before any work', () => {
  it('commands that need data in a database say it does not exist and create nothing', () => {
    const missing = join(dir, 'nowhere', 'churn.duckdb');
    const cases = [
      ['export', '--out', join(dir, 'list.csv')],
      ['report', '--out', join(dir, 'site-of-nothing')],
      ['runs', 'list'],
      ['effect'],
      ['btyd', '--calibration-end', '1997-09-30'],
      // These write to the database, but only to one that holds events: a mistyped --db is not a new database.
      ['features'],
      ['train'],
      ['evaluate'],
      ['score'],
      ['plan'],
    ];
    for (const args of cases) expectOneLine(churn([...args, '--db', missing]), missing, /does not exist/);
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
    expect(existsSync(join(dir, 'site-of-nothing'))).toBe(false);
  });

  it('a --db that is a folder, or below a file', () => {
    const folder = join(dir, 'user');
    for (const args of [
      ['status'],
      ['features'],
      ['export', '--out', join(dir, 'f.csv')],
      ['demo', '--no-report', '--customers', '100'],
    ]) {
      expectOneLine(churn([...args, '--db', folder]), folder, /is a folder, not a database file/);
    }
    const belowFile = join(userDb, 'churn.duckdb');
    expectOneLine(
      churn(['ingest', CDNOW, '--kind', 'events', '--map', CDNOW_MAP, '--db', belowFile]),
      belowFile,
      /is a file, not a folder/,
    );
  });

  it('an --out or --rejects that is a folder where a file is expected, or below a file', () => {
    const folder = join(dir, 'user');
    expectOneLine(churn(['export', '--out', folder, '--db', userDb]), folder, /is a folder: give a file name/);
    expectOneLine(
      churn(['score', '--shard', '0/2', '--out', folder, '--db', userDb]),
      folder,
      /is a folder: give a file name/,
    );
    expectOneLine(
      churn(['ingest', CDNOW, '--kind', 'events', '--map', CDNOW_MAP, '--rejects', folder, '--db', userDb]),
      folder,
      /is a folder/,
    );
    const belowFile = join(userDb, 'list.csv');
    expectOneLine(churn(['export', '--out', belowFile, '--db', userDb]), belowFile, /is a file, not a folder/);
  });

  it('an --out that is a file where a folder is expected; the demo checks it before generating', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'keep me\n');
    expectOneLine(churn(['generate', '--out', file, '--customers', '20']), file, /is a file, not a folder/);
    expectOneLine(churn(['report', '--out', file, '--db', userDb]), file, /is a file, not a folder/);
    const db = join(dir, 'demo-bad-out', 'churn.duckdb');
    expectOneLine(churn(['demo', '--customers', '100', '--out', file, '--db', db]), file, /is a file, not a folder/);
    expect(existsSync(db)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
  });

  describe('read-only places (run as an unprivileged user: root writes anywhere)', () => {
    let ro: string;
    beforeAll(() => {
      ro = join(dir, 'read-only');
      mkdirSync(ro);
      copyFileSync(userDb, join(ro, 'churn.duckdb'));
      chmodSync(join(ro, 'churn.duckdb'), 0o444);
      chmodSync(ro, 0o555);
      chmodSync(dir, 0o755);
      mkdirSync(join(dir, 'writable-db'));
      copyFileSync(userDb, join(dir, 'writable-db', 'churn.duckdb'));
      chmodSync(join(dir, 'writable-db', 'churn.duckdb'), 0o666);
      chmodSync(join(dir, 'writable-db'), 0o555);
    });
    afterAll(() => {
      chmodSync(ro, 0o755);
      chmodSync(join(dir, 'writable-db'), 0o755);
    });

    it('a read-only database file, or one in a read-only folder, for a command that writes to it', () => {
      const db = join(ro, 'churn.duckdb');
      expectOneLine(unprivileged(['features', '--db', db]), db, /is read-only/);
      expectOneLine(
        unprivileged(['ingest', CDNOW, '--kind', 'events', '--map', CDNOW_MAP, '--db', db]),
        db,
        /is read-only/,
      );
      const inReadOnlyFolder = join(dir, 'writable-db', 'churn.duckdb');
      expectOneLine(unprivileged(['features', '--db', inReadOnlyFolder]), inReadOnlyFolder, /in a read-only folder/);
      // Reading it is fine.
      expect(unprivileged(['status', '--db', db]).code).toBe(0);
    });

    it('an output or a new database in a read-only folder', () => {
      const db = join(ro, 'churn.duckdb');
      const cases: [string[], string][] = [
        [['export', '--out', join(ro, 'list.csv'), '--db', db], join(ro, 'list.csv')],
        [['generate', '--out', join(ro, 'gen'), '--customers', '20'], join(ro, 'gen')],
        [['score', '--shard', '0/2', '--out', join(ro, 'part.parquet'), '--db', db], join(ro, 'part.parquet')],
        [
          ['ingest', CDNOW, '--kind', 'events', '--map', CDNOW_MAP, '--db', join(ro, 'new', 'churn.duckdb')],
          join(ro, 'new', 'churn.duckdb'),
        ],
      ];
      for (const [args, path] of cases) expectOneLine(unprivileged(args), path, /cannot write in .*permission denied/);
    });
  });
});

/** The CLI as a user without root's right to write anywhere (nobody, when the tests run as root). */
function unprivileged(args: string[]): CliResult {
  if (process.getuid?.() !== 0) return churn(args);
  const bin = fileURLToPath(new URL('../bin/churn.mjs', import.meta.url));
  const r = spawnSync(process.execPath, [bin, ...args], {
    uid: 65534,
    gid: 65534,
    cwd: dir,
    env: { ...process.env, HOME: dir, TZ: 'UTC', CI: 'true', CHURN_TF_BACKEND: 'wasm' },
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
