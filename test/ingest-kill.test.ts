// A load killed (SIGKILL) at any point leaves the database holding exactly the data it held before
// or exactly what a clean load makes, never a mix; and the next run of the same ingest completes with
// the clean load's result. The kills land at the named points of pipeline/test-pause.ts (staging, the
// insert, the event_links update, just before and just after COMMIT), then at seeded random moments.
// "Exactly" is a count and a content digest of every table a load writes.
import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../pipeline/db/database.ts';
import { Rng } from '../pipeline/generate/prng.ts';
import { field, generateToCsv } from '../pipeline/generate/to-csv.ts';
import type { TestPoint } from '../pipeline/test-pause.ts';
import { churn } from './helpers/cli.ts';
import { tempDir } from './helpers/temp-db.ts';

const BIN = fileURLToPath(new URL('../bin/churn.mjs', import.meta.url));

/** What a load writes; ingest_log and rejects without what differs from run to run (ids, times). */
const TABLES = {
  customers: 'SELECT * FROM customers',
  events: 'SELECT * FROM events',
  event_links: 'SELECT * FROM event_links',
  event_links_state: 'SELECT * FROM event_links_state',
  loads: 'SELECT * EXCLUDE (load_id, started_at, finished_at) FROM ingest_log',
  rejects: 'SELECT * EXCLUDE (load_id) FROM rejects',
};
type Digest = Record<keyof typeof TABLES, { rows: number; hash: string }>;
type Summary = { rowsRead: number; inserted: number; alreadyPresent: number; rejected: number; differ: number };

let dir: string;
let cleanup: () => void;
let base: string; // customers and the first half of the events, loaded
let load: string; // all the events, 4 bad rows and one stored event with another amount
let before: Digest;
let clean: Digest;
let cleanSummary: Summary;
let wholeRunMs: number; // the clean load: from the start of its process to the end of COMMIT
let writePhaseMs: number; // the clean load: from the end of staging to the end of COMMIT

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  await generateToCsv(dir, { customers: 1200, seed: 3 });
  const events = join(dir, 'events.csv');
  const first = join(dir, 'first.csv');
  load = join(dir, 'load.csv');
  const scratch = await openDatabase(':memory:', { schema: false });
  let changed: (string | null)[];
  try {
    // The first load: the events up to the median time (ts is 'YYYY-MM-DD HH:MM:SS': text order is time order).
    await scratch.run(`CREATE TABLE e AS SELECT * FROM read_csv($f, all_varchar = true, header = true)`, { f: events });
    await scratch.run(`COPY (SELECT * FROM e WHERE ts <= (SELECT quantile_disc(ts, 0.5) FROM e)) TO $f (HEADER)`, {
      f: first,
    });
    changed = Object.values(
      (
        await scratch.all<Record<string, string | null>>(
          `SELECT * FROM e WHERE type = 'purchase' AND ts <= (SELECT quantile_disc(ts, 0.5) FROM e) ORDER BY event_id LIMIT 1`,
        )
      )[0],
    );
  } finally {
    scratch.close();
  }
  copyFileSync(events, load);
  changed[4] = String(Number(changed[4]) + 1); // a corrected amount: conflicts_with_stored
  appendFileSync(
    load,
    [
      changed.map(field).join(','),
      'bad1,c_nobody,2024-01-01 10:00:00,login,,,,',
      'bad2,,2024-01-01 10:00:00,login,,,,',
      'bad3,c_nobody,not a time,login,,,,',
      'bad4,c_nobody,2024-01-01 10:00:00,teleport,,,,',
    ].join('\n') + '\n',
  );

  base = join(dir, 'base.duckdb');
  for (const [file, kind] of [
    [join(dir, 'customers.csv'), 'customers'],
    [first, 'events'],
  ]) {
    const r = churn(['ingest', file, '--kind', kind, '--db', base]);
    expect(r.code, r.stderr).toBe(0);
  }
  before = await digest(base);

  const cleanDb = copyOf('clean');
  const run = start(cleanDb, 'none'); // traced: says when each point passes, stops at none
  const staged = await run.reached('staged');
  const committed = await run.reached('committed');
  const { code, stdout } = await run.exited;
  expect(code).toBe(0);
  wholeRunMs = committed - run.startedAt;
  writePhaseMs = committed - staged;
  cleanSummary = JSON.parse(stdout).files[0];
  clean = await digest(cleanDb);
}, 120_000);
afterAll(() => cleanup?.());

it('the load is large, overlaps the stored events, has rejects and a conflict, and keeps event_links', () => {
  expect(cleanSummary.rowsRead).toBeGreaterThan(65_536 * 1.2); // staging passes its point (every 65,536 rows)
  expect(cleanSummary).toMatchObject({ rejected: 5, differ: 1 });
  expect(cleanSummary.alreadyPresent).toBe(before.events.rows);
  expect(cleanSummary.inserted).toBe(clean.events.rows - before.events.rows);
  expect(clean.event_links.rows).toBeGreaterThan(before.event_links.rows);
  expect(clean.event_links_state.rows).toBe(1);
});

describe('killed at a named point', () => {
  const POINTS: TestPoint[] = ['staging', 'insert', 'event-links', 'commit'];
  it.each(POINTS)('%s: the data is as before; the next run makes the clean load', async (point) => {
    const db = copyOf(point);
    const run = start(db, point);
    await run.reached(point);
    run.child.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    expect(await digest(db)).toEqual(before);
    expectCleanRerun(db);
    expect(await digest(db)).toEqual(clean);
  });

  it('just after COMMIT: the data is the clean load; the next run inserts nothing', async () => {
    const db = copyOf('committed');
    const run = start(db, 'committed');
    await run.reached('committed');
    run.child.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    expect(await digest(db)).toEqual(clean);
    expectRerunOfCommitted(db);
    await expectDataOfCommittedRerun(db);
  });
});

describe('killed at random moments (seeded)', () => {
  const rng = new Rng(20240615); // the same moments every run
  const random = () => rng.next();
  const round = (x: number) => Math.round(x * 100) / 100;
  // Once in the second half of the whole run (mostly staging), then once in each third of the write
  // phase (the transaction and COMMIT), as fractions of how long the clean load took for them.
  const kills = [
    { name: 'whole run', from: 'start' as const, fraction: round(0.5 + random() / 2) },
    ...[0, 1, 2].map((i) => ({
      name: `write phase ${i + 1}`,
      from: 'staged' as const,
      fraction: round((i + random()) / 3),
    })),
  ];
  it.each(kills)(
    '$name, at $fraction: old or new data, never a mix; the next run completes',
    async ({ name, from, fraction }) => {
      const db = copyOf(name.replace(' ', '-'));
      const run = start(db, 'none');
      const t0 = from === 'start' ? run.startedAt : await run.reached('staged');
      const span = from === 'start' ? wholeRunMs : writePhaseMs;
      await sleep(Math.max(0, t0 + fraction * span - performance.now()));
      run.child.kill('SIGKILL');
      const ended = await run.exited;
      const after = await digest(db);
      if (ended.signal !== 'SIGKILL') expect(ended.code, 'the load ended before the kill').toBe(0);
      // Killed before COMMIT, the data is as before; after it, new; during COMMIT, either, never a mix.
      // (What the child printed is all read by its exit: a point it passed is known here.)
      if (!run.passed('commit')) expect(after).toEqual(before);
      else if (run.passed('committed')) expect(after).toEqual(clean);
      else expect([before, clean]).toContainEqual(after);
      if (JSON.stringify(after) === JSON.stringify(before)) {
        expectCleanRerun(db);
        expect(await digest(db)).toEqual(clean);
      } else {
        expectRerunOfCommitted(db);
        await expectDataOfCommittedRerun(db);
      }
    },
  );
});

function expectCleanRerun(db: string): void {
  const again = churn(['ingest', load, '--kind', 'events', '--db', db, '--json']);
  expect(again.code, again.stderr).toBe(0);
  expect(JSON.parse(again.stdout).files[0]).toMatchObject(pick(cleanSummary));
}

function expectRerunOfCommitted(db: string): void {
  const again = churn(['ingest', load, '--kind', 'events', '--db', db, '--json']);
  expect(again.code, again.stderr).toBe(0);
  expect(JSON.parse(again.stdout).files[0]).toMatchObject({
    rowsRead: cleanSummary.rowsRead,
    inserted: 0,
    alreadyPresent: cleanSummary.inserted + cleanSummary.alreadyPresent,
    rejected: cleanSummary.rejected,
    differ: cleanSummary.differ,
  });
}

/** After a committed load and its re-run: the clean data, one more load logged and its rejects again. */
async function expectDataOfCommittedRerun(db: string): Promise<void> {
  const now = await digest(db);
  expect({ ...now, loads: undefined, rejects: undefined }).toEqual({ ...clean, loads: undefined, rejects: undefined });
  expect(now.loads.rows).toBe(clean.loads.rows + 1);
  expect(now.rejects.rows).toBe(clean.rejects.rows + cleanSummary.rejected);
}

function pick(s: Summary): Summary {
  return {
    rowsRead: s.rowsRead,
    inserted: s.inserted,
    alreadyPresent: s.alreadyPresent,
    rejected: s.rejected,
    differ: s.differ,
  };
}

function copyOf(name: string): string {
  const db = join(dir, `${name}.duckdb`);
  copyFileSync(base, db);
  if (existsSync(`${base}.wal`)) copyFileSync(`${base}.wal`, `${db}.wal`);
  return db;
}

async function digest(path: string): Promise<Digest> {
  const db = await openDatabase(path, { schema: false });
  try {
    const out = {} as Digest;
    for (const [name, query] of Object.entries(TABLES) as [keyof typeof TABLES, string][]) {
      // Order-free: a sum of row hashes, so a duplicated row changes it as much as a missing one.
      const [row] = await db.all<{ rows: number; hash: string }>(
        `SELECT count(*) AS rows, CAST(coalesce(sum(hash(t)), 0) AS VARCHAR) AS hash FROM (${query}) t`,
      );
      out[name] = row;
    }
    return out;
  } finally {
    db.close();
  }
}

/** `churn ingest load.csv` in a child process; with pauseAt set, it reports (and may stop at) each point. */
function start(db: string, pauseAt: TestPoint | 'none') {
  const startedAt = performance.now();
  const child = spawn(process.execPath, [BIN, 'ingest', load, '--kind', 'events', '--db', db, '--json'], {
    env: { ...process.env, TZ: 'UTC', CI: 'true', CHURN_TEST_PAUSE_AT: pauseAt },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const seen = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    for (const [, point] of stderr.matchAll(/^churn-test-point (\S+)$/gm)) {
      if (seen.has(point)) continue;
      seen.set(point, performance.now());
      waiting.get(point)?.(seen.get(point)!);
    }
  });
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return {
    child,
    startedAt,
    exited,
    passed: (point: TestPoint) => seen.has(point),
    /** Resolves with the time the point was reached; fails if the process ends first. */
    reached: (point: TestPoint) =>
      new Promise<number>((resolve, reject) => {
        if (seen.has(point)) return resolve(seen.get(point)!);
        waiting.set(point, resolve);
        void exited.then((e) =>
          reject(new Error(`ingest ended (code ${e.code}) before reaching ${point}: ${e.stderr}`)),
        );
      }),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
