// `churn retrain` through the real CLI on growing data: first run (the challenger becomes champion),
// a better challenger promoted, a worse one rejected; realised performance once labels mature; the
// run lock (concurrent start refused, stale lock taken over); SIGTERM recorded as aborted; and a
// SIGKILL at every stage (CHURN_FAULT_AT) leaving the published release, champion and database intact,
// with the next run completing.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../pipeline/db/database.ts';
import { PUBLISHED_FILES } from '../pipeline/report/build-site.ts';
import type { RunReport } from '../pipeline/retrain/run-report.ts';
import { churn } from './helpers/cli.ts';
import { tempDir } from './helpers/temp-db.ts';

const BIN = fileURLToPath(new URL('../bin/churn.mjs', import.meta.url));
const ENV = { TZ: 'UTC', CI: 'true', CHURN_TF_BACKEND: 'wasm' };

let root: string;
let cleanup: () => void;
const drops = { first: '', second: '' };

const inboxRules = [
  { pattern: 'customers*.csv', kind: 'customers' },
  { pattern: 'events*.csv', kind: 'events' },
];
// The default model, in smaller batches for this small history (enough gradient steps to learn).
const good = { model: { batchSize: 128 }, retrain: { inbox: inboxRules } };
// For the lock and fault tests, where the model's quality does not matter: quick to train.
const quick = { model: { epochs: 3, hiddenUnits: [8], snapshots: 1 }, retrain: { inbox: inboxRules } };
// Barely trained: a clearly worse challenger.
const weak = { model: { epochs: 1, hiddenUnits: [1], learningRate: 1e-5, snapshots: 1, btydFeatures: false }, retrain: { inbox: inboxRules } };

function writeConfig(dir: string, name: string, config: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** Splits a generated history into two drops at a date: customers and events before it, and the rest. */
async function splitHistory(src: string, at: string): Promise<void> {
  const db = await openDatabase(':memory:');
  try {
    for (const [name, dir, op] of [['first', drops.first, '<'], ['second', drops.second, '>=']] as const) {
      mkdirSync(dir, { recursive: true });
      await db.run(
        `COPY (SELECT * FROM read_csv($src, all_varchar = true) WHERE CAST(signup_date AS DATE) ${op} CAST($at AS DATE) ORDER BY customer_id)
         TO $out (HEADER, DELIMITER ',')`,
        { src: join(src, 'customers.csv'), at, out: join(dir, `customers-${name}.csv`) },
      );
      await db.run(
        `COPY (SELECT * FROM read_csv($src, all_varchar = true) WHERE CAST(ts AS TIMESTAMP) ${op} CAST($at AS TIMESTAMP) ORDER BY event_id)
         TO $out (HEADER, DELIMITER ',')`,
        { src: join(src, 'events.csv'), at, out: join(dir, `events-${name}.csv`) },
      );
    }
  } finally {
    db.close();
  }
}

function dropInto(inbox: string, drop: string): void {
  mkdirSync(inbox, { recursive: true });
  for (const f of readdirSync(drop)) copyFileSync(join(drop, f), join(inbox, f));
}

function retrain(db: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, 'retrain', '--db', db, ...args], { env: { ...process.env, ...ENV, ...env }, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const reports = (dir: string): RunReport[] =>
  readdirSync(join(dir, 'runs')).filter((f) => f.endsWith('.json') && !f.startsWith('.')).map((f) => readJson<RunReport>(join(dir, 'runs', f)))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const listFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
/** Every file of the current release with its hash: what readers see. */
function publishedState(dir: string): { target: string; files: Record<string, string> } {
  const target = readlinkSync(join(dir, 'current'));
  const releaseDir = join(dir, target);
  return { target, files: Object.fromEntries(listFiles(releaseDir).map((f) => [relative(releaseDir, f), sha(f)])) };
}

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('churn-retrain-'));
  drops.first = join(root, 'drop-1');
  drops.second = join(root, 'drop-2');
  const gen = churn(['generate', '--out', join(root, 'gen'), '--customers', '1200', '--seed', '7']);
  expect(gen.code, gen.stderr).toBe(0);
  await splitHistory(join(root, 'gen'), '2026-01-01');
});
afterAll(() => cleanup?.());

describe('churn retrain over growing data', () => {
  let dir: string;
  let db: string;
  let inbox: string;
  const runs: ReturnType<typeof retrain>[] = [];

  beforeAll(() => {
    dir = join(root, 'growing');
    db = join(dir, 'churn.duckdb');
    inbox = join(root, 'inbox-growing');
    // Run 1: first half of the history, weak settings: the first challenger becomes champion.
    dropInto(inbox, drops.first);
    runs.push(retrain(db, ['--inbox', inbox, '--config', writeConfig(root, 'weak.json', weak), '--json']));
    // Run 2: the second half arrives; a properly trained challenger must beat the weak champion.
    dropInto(inbox, drops.second);
    runs.push(retrain(db, ['--inbox', inbox, '--config', writeConfig(root, 'good.json', good), '--json']));
    // Run 3: no new data, weak settings again: a worse challenger, rejected.
    runs.push(retrain(db, ['--config', writeConfig(root, 'weak.json', weak), '--json']));
  });

  it('runs three times successfully, one line per stage on stderr', () => {
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    for (const stage of ['inbox', 'features', 'train', 'compare', 'score', 'monitor', 'plan', 'export', 'publish', 'site', 'switch']) {
      expect(runs[0].stderr).toMatch(new RegExp(`^${stage}\\s+.*\\(\\d+\\.\\d\\d s\\)$`, 'm'));
    }
  });

  it('loads the inbox and moves the files to processed/ with their summaries', () => {
    const first = JSON.parse(runs[0].stdout) as RunReport;
    expect(first.inbox.map((f) => [f.file, f.ok])).toEqual([['customers-first.csv', true], ['events-first.csv', true]]);
    expect(first.inbox[1].inserted).toBeGreaterThan(10_000);
    expect(readdirSync(inbox).filter((f) => f.endsWith('.csv'))).toEqual([]);
    const processed = readdirSync(join(inbox, 'processed'));
    expect(processed.filter((f) => f.endsWith('.csv'))).toHaveLength(4);
    expect(processed.filter((f) => f.endsWith('.summary.json'))).toHaveLength(4);
    expect(first.asOf).toBe('2026-01-01');
  });

  it('promotes the first challenger, then a better one, and rejects a worse one', () => {
    const [a, b, c] = runs.map((r) => JSON.parse(r.stdout) as RunReport);
    expect(a.decision?.decision).toBe('first');
    expect(b.decision?.decision).toBe('promoted');
    expect(b.decision!.challengerMetrics.auc).toBeGreaterThan(b.decision!.championMetrics!.auc + 0.002);
    expect(b.champion).toBe(b.decision?.challenger);
    expect(c.decision?.decision).toBe('rejected');
    expect(c.decision?.reasons[0]).toMatch(/^fail: AUC/);
    expect(c.champion).toBe(b.champion);
    expect(readJson<{ modelId: string }>(join(dir, 'models', 'champion.json')).modelId).toBe(b.champion);
    // Both evaluated on the same, latest fully labelled window.
    expect(c.decision?.window).toEqual({ cutoff: '2026-04-02', labelsUntil: '2026-07-01', customers: c.decision!.window.customers });
  });

  it('computes realised performance of the first scores once their labels matured', () => {
    const b = JSON.parse(runs[1].stdout) as RunReport;
    expect(b.realised.map((r) => r.asOf)).toEqual(['2026-01-01']);
    expect(b.realised[0].auc).toBeGreaterThan(0.5);
    expect(b.realised[0].customers).toBeGreaterThan(500);
    // Not again in the next run: each scoring date is measured once.
    expect((JSON.parse(runs[2].stdout) as RunReport).realised).toEqual([]);
  });

  it('records every run in the runs table, the run reports and the published monitoring file', async () => {
    const files = reports(dir);
    expect(files.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const conn = await openDatabase(db, { readOnly: true });
    try {
      const rows = await conn.all<{ status: string; decision: string }>('SELECT status, decision FROM runs ORDER BY started_at');
      expect(rows).toEqual([{ status: 'succeeded', decision: 'first' }, { status: 'succeeded', decision: 'promoted' }, { status: 'succeeded', decision: 'rejected' }]);
    } finally {
      conn.close();
    }
    const monitoring = readJson<{ runs: { decision: string }[]; champions: { how: string }[]; realised: unknown[]; drift: { features: unknown[] } }>(
      join(dir, 'current', 'publish', 'monitoring.json'),
    );
    expect(monitoring.runs.map((r) => r.decision)).toEqual(['rejected', 'promoted', 'first']);
    expect(monitoring.champions.map((c) => c.how)).toEqual(['first', 'promoted']);
    expect(monitoring.realised).toHaveLength(1);
    expect(monitoring.drift.features.length).toBeGreaterThan(10);
    const list = churn(['runs', 'list', '--db', db]);
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('publishes a complete release: exports, scores snapshot, report data and site', () => {
    const current = join(dir, 'current');
    for (const f of ['exports/at-risk.csv', 'exports/at-risk.xlsx', 'exports/at-risk.parquet', 'snapshot/scores.parquet', 'site/index.html', 'site/model.html', 'COMPLETE']) {
      expect(existsSync(join(current, f)), f).toBe(true);
    }
    for (const f of [...PUBLISHED_FILES, 'monitoring.json']) expect(existsSync(join(current, 'publish', f)), f).toBe(true);
    expect(readJson<{ asOf: string }>(join(current, 'publish', 'site.json')).asOf).toBe('2026-07-01');
  });
});

describe('run lock', () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    dir = join(root, 'lock');
    db = join(dir, 'churn.duckdb');
    mkdirSync(dir, { recursive: true });
  });

  it('refuses a second run while one is in progress', async () => {
    const inbox = join(root, 'inbox-lock');
    dropInto(inbox, drops.first);
    const config = writeConfig(root, 'quick-lock.json', quick);
    // Both start at once; the one that gets the lock is stopped once it reaches training (enough to
    // show it was running while the other was refused).
    const start = () =>
      new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, 'retrain', '--db', db, '--inbox', inbox, '--config', config], {
          env: { ...process.env, ...ENV, CHURN_FAULT_AT: 'train' },
        });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code, signal) => resolve({ code, signal, stderr }));
      });
    const results = await Promise.all([start(), start()]);
    const outcomes = results.map((r) => r.signal ?? String(r.code)).sort();
    expect(outcomes, results.map((r) => r.stderr).join('\n---\n')).toEqual(['4', 'SIGKILL']);
    const refused = results.find((r) => r.code === 4)!;
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/^churn retrain: another run holds .*retrain\.lock: r-\S+ \(pid \d+ on /);
  });

  it('takes over a stale lock left by a dead process, and says so', () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(join(dir, 'retrain.lock'), JSON.stringify({ pid: dead, host: hostname(), startedAt: '2026-11-01T00:00:00.000Z', runId: 'r-dead' }));
    // Stopped right after start-up: taking the lock over is what this test is about.
    const r = retrain(db, ['--config', writeConfig(root, 'quick-lock.json', quick)], { CHURN_FAULT_AT: 'features' });
    expect(r.signal, r.stderr).toBe('SIGKILL');
    expect(r.stderr).toContain(`took over a stale lock: run r-dead (pid ${dead} on ${hostname()}`);
    expect(JSON.parse(readFileSync(join(dir, 'retrain.lock'), 'utf8')).runId).not.toBe('r-dead');
  });

  it('does not take over a live lock', () => {
    writeFileSync(join(dir, 'retrain.lock'), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: '2026-11-01T00:00:00.000Z', runId: 'r-live' }));
    const r = retrain(db, []);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`r-live (pid ${process.pid}`);
  });
});

describe('interrupted and killed runs', () => {
  let dir: string;
  let db: string;
  let inbox: string;
  let config: string;
  beforeAll(() => {
    dir = join(root, 'faults');
    db = join(dir, 'churn.duckdb');
    inbox = join(root, 'inbox-faults');
    config = writeConfig(root, 'quick-faults.json', quick);
    dropInto(inbox, drops.first);
    const first = retrain(db, ['--inbox', inbox, '--config', config]);
    expect(first.code, first.stderr).toBe(0);
    // The second drop waits in the inbox: the runs below load it (or are killed before they do).
    dropInto(inbox, drops.second);
  });

  it('exports, builds the site and reports status from the current release while the database is held', async () => {
    // This process holds the database as a run would: no other process can open it, even read-only.
    const holder = await openDatabase(db);
    try {
      const out = join(root, 'held-export.csv');
      const e = churn(['export', '--db', db, '--out', out, '--config', config]);
      expect(e.code, e.stderr).toBe(0);
      expect(e.stderr).toMatch(/database is in use .*: exporting from the published release .*releases\/r-/);
      // Exactly the rows and columns the run exported (its copy has a byte-order mark for Excel).
      const published = readFileSync(join(dir, 'current', 'exports', 'at-risk.csv'), 'utf8').replace(/^\uFEFF/, '');
      expect(readFileSync(out, 'utf8')).toBe(published);
      const status = churn(['status', '--db', db, '--config', writeConfig(root, 'scheduled.json', { retrain: { scheduleDays: 7 } })]);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toContain('(in use by another process)');
      expect(status.stdout).toMatch(/^last run: +r-\S+ succeeded \(exit 0\), as-of 2026-01-01, first$/m);
      expect(status.stdout).toMatch(/^champion: +m-2026-01-01-\w+ \(as-of 2026-01-01, champion for 0 days\)$/m);
      expect(status.stdout).toMatch(/^next run due: +\d{4}-\d\d-\d\dT/m);
      const site = join(root, 'held-site');
      const report = churn(['report', '--db', db, '--out', site]);
      expect(report.code, report.stderr).toBe(0);
      expect(report.stderr).toMatch(/building from the published release/);
      expect(existsSync(join(site, 'model.html'))).toBe(true);
    } finally {
      holder.close();
    }
  });

  it('stops cleanly on SIGTERM and records the run as aborted', async () => {
    const before = publishedState(dir);
    const child = spawn(process.execPath, [BIN, 'retrain', '--db', db, '--config', config], { env: { ...process.env, ...ENV } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Wait until training has started, then ask it to stop.
    for (let i = 0; i < 600; i++) {
      const running = existsSync(join(dir, 'runs')) && reports(dir).find((r) => r.status === 'running');
      if (running && running.stages.some((s) => s.name === 'train')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGTERM');
    expect(await exited, stderr).toBe(143);
    expect(stderr).toMatch(/SIGTERM received: stopping after the current stage/);
    const last = reports(dir).at(-1)!;
    expect(last.status).toBe('aborted');
    expect(last.exitCode).toBe(143);
    expect(existsSync(join(dir, 'retrain.lock'))).toBe(false);
    expect(publishedState(dir)).toEqual(before);
  });

  it('survives SIGKILL at every stage: the release, champion and database stay intact; the next run completes', async () => {
    const points = ['inbox', 'features', 'train', 'compare', 'score', 'score:commit', 'monitor', 'plan', 'export', 'publish', 'site', 'switch', 'switch:rename'];
    const before = publishedState(dir);
    const publishedAsOf = readJson<{ asOf: string }>(join(dir, 'current', 'publish', 'site.json')).asOf;
    for (const point of points) {
      const r = retrain(db, ['--inbox', inbox, '--config', config], { CHURN_FAULT_AT: point });
      expect(r.signal, `${point}: ${r.stderr}`).toBe('SIGKILL');
      // Readers see exactly the release they saw before.
      expect(publishedState(dir), point).toEqual(before);
      // The champion pointer names a complete model version.
      const champion = readJson<{ modelId: string }>(join(dir, 'models', 'champion.json')).modelId;
      for (const f of ['model.json', 'weights.bin', 'card.json']) expect(existsSync(join(dir, 'models', champion, f)), `${point}: ${f}`).toBe(true);
      // The database opens, and the published date's scores are those of the snapshot.
      const conn = await openDatabase(db, { readOnly: true });
      try {
        const [n] = await conn.all<{ live: number; snap: number }>(
          `SELECT (SELECT count(*) FROM scores WHERE as_of = CAST($d AS DATE)) AS live,
                  (SELECT count(*) FROM read_parquet($snap)) AS snap`,
          { d: publishedAsOf, snap: join(dir, 'current', 'snapshot', 'scores.parquet') },
        );
        expect(n.live, point).toBe(n.snap);
      } finally {
        conn.close();
      }
      // The killed run's report says how far it got; the lock it left is stale.
      const last = reports(dir).at(-1)!;
      expect(last.status, point).toBe('running');
      expect(last.stages.at(-1)?.name, point).toBe(point.split(':')[0]);
      expect(existsSync(join(dir, 'retrain.lock'))).toBe(true);
    }
    const next = retrain(db, ['--inbox', inbox, '--config', config, '--json']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain('took over a stale lock');
    const report = JSON.parse(next.stdout) as RunReport;
    expect(report.asOf).toBe('2026-07-01');
    expect(publishedState(dir).target).toBe(`releases/${report.runId}`);
    const all = reports(dir);
    expect(all.filter((r) => r.status === 'failed')).toHaveLength(points.length);
    expect(all.filter((r) => r.status === 'running')).toEqual([]);
    const conn = await openDatabase(db, { readOnly: true });
    try {
      const rows = await conn.all<{ status: string; n: number }>('SELECT status, count(*) AS n FROM runs GROUP BY status ORDER BY status');
      expect(rows).toEqual([{ status: 'aborted', n: 1 }, { status: 'failed', n: points.length }, { status: 'succeeded', n: 2 }]);
    } finally {
      conn.close();
    }
    // Old releases are pruned; leftovers of killed runs removed.
    expect(readdirSync(join(dir, 'releases')).length).toBeLessThanOrEqual(4);
    expect(readdirSync(dir).filter((f) => f.startsWith('.current.'))).toEqual([]);
  });
});
