// `churn retrain` through the real CLI on growing data: first run (the challenger becomes champion),
// a better challenger promoted, a worse one rejected; realised performance once labels mature; the
// run lock (concurrent start refused, stale lock taken over, live lock respected).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../pipeline/db/database.ts';
import { PUBLISHED_FILES } from '../pipeline/report/build-site.ts';
import type { RunReport } from '../pipeline/retrain/run-report.ts';
import { churn } from './helpers/cli.ts';
import {
  BIN,
  dropInto,
  ENV,
  good,
  quick,
  readJson,
  reports,
  retrain,
  useRetrainFixture,
  weak,
  writeConfig,
} from './helpers/retrain.ts';

// A generated history split into two drops, in a temp folder (removed after the file's tests).
const fx = useRetrainFixture();

describe('churn retrain over growing data', () => {
  let dir: string;
  let db: string;
  let inbox: string;
  const runs: ReturnType<typeof retrain>[] = [];

  beforeAll(() => {
    dir = join(fx.root, 'growing');
    db = join(dir, 'churn.duckdb');
    inbox = join(fx.root, 'inbox-growing');
    // Run 1: first half of the history, weak settings: the first challenger becomes champion.
    dropInto(inbox, fx.drops.first);
    runs.push(retrain(db, ['--inbox', inbox, '--config', writeConfig(fx.root, 'weak.json', weak), '--json']));
    // Run 2: the second half arrives; a properly trained challenger must beat the weak champion.
    dropInto(inbox, fx.drops.second);
    runs.push(retrain(db, ['--inbox', inbox, '--config', writeConfig(fx.root, 'good.json', good), '--json']));
    // Run 3: no new rows (an unreadable file and one no pattern claims), weak settings again: a worse
    // challenger, rejected.
    writeFileSync(join(inbox, 'events-broken.csv'), 'when,who\n2026-07-01,C1\n');
    writeFileSync(join(inbox, 'notes.txt'), 'not an export\n');
    runs.push(retrain(db, ['--inbox', inbox, '--config', writeConfig(fx.root, 'weak.json', weak), '--json']));
  });

  it('runs three times successfully, one line per stage on stderr', () => {
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    for (const stage of [
      'inbox',
      'features',
      'train',
      'compare',
      'score',
      'monitor',
      'plan',
      'export',
      'publish',
      'site',
      'switch',
    ]) {
      expect(runs[0].stderr).toMatch(new RegExp(`^${stage}\\s+.*\\(\\d+\\.\\d\\d s\\)$`, 'm'));
    }
  });

  it('loads the inbox and moves the files to processed/ with their summaries', () => {
    const first = JSON.parse(runs[0].stdout) as RunReport;
    expect(first.inbox.map((f) => [f.file, f.ok])).toEqual([
      ['customers-first.csv', true],
      ['events-first.csv', true],
    ]);
    expect(first.inbox[1].inserted).toBeGreaterThan(10_000);
    expect(readdirSync(inbox).filter((f) => f.endsWith('.csv'))).toEqual([]);
    const processed = readdirSync(join(inbox, 'processed'));
    expect(processed.filter((f) => f.endsWith('.csv'))).toHaveLength(4);
    expect(processed.filter((f) => f.endsWith('.summary.json'))).toHaveLength(4);
    expect(first.asOf).toBe('2026-01-01');
  });

  it('moves a file it cannot load to failed/ with the reason, and leaves files no pattern claims', () => {
    const third = JSON.parse(runs[2].stdout) as RunReport;
    expect(third.inbox).toHaveLength(1);
    expect(third.inbox[0]).toMatchObject({ file: 'events-broken.csv', ok: false });
    expect(third.inbox[0].error).toMatch(/events-broken\.csv/);
    const failed = readdirSync(join(inbox, 'failed'));
    expect(failed.sort()).toEqual([`${third.runId}-events-broken.csv`, `${third.runId}-events-broken.csv.error.txt`]);
    expect(readFileSync(join(inbox, 'failed', `${third.runId}-events-broken.csv.error.txt`), 'utf8')).toBe(
      `${third.inbox[0].error}\n`,
    );
    expect(readdirSync(inbox).filter((f) => !['processed', 'failed'].includes(f))).toEqual(['notes.txt']);
    expect(runs[2].stderr).toContain('inbox: notes.txt matches no retrain.inbox pattern; left in place');
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
    expect(c.decision?.window).toEqual({
      cutoff: '2026-04-02',
      labelsUntil: '2026-07-01',
      customers: c.decision!.window.customers,
    });
  });

  it('measures drift since the previous champion was trained (none on the first run)', () => {
    const [a, b, c] = runs.map((r) => JSON.parse(r.stdout) as RunReport);
    expect(a.drift).toBeNull();
    expect(runs[0].stderr).toMatch(/^monitor +no earlier champion to measure drift against/m);
    expect(b.drift?.reference).toBe('2026-01-01');
    expect(b.drift?.current).toBe('2026-07-01');
    // Run 3 is measured against the champion run 2 promoted, on the same date: nothing moved.
    expect(c.drift?.reference).toBe('2026-07-01');
    expect(c.drift?.features.every((f) => f.psi === 0)).toBe(true);
    // The score is compared with the previous scoring date's.
    expect(c.drift?.score?.previous).toBe('2026-01-01');
    expect(c.drift?.warnings.every((w) => w.includes('churn score (vs 2026-01-01)'))).toBe(true);
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
      const rows = await conn.all<{ status: string; decision: string }>(
        'SELECT status, decision FROM runs ORDER BY started_at',
      );
      expect(rows).toEqual([
        { status: 'succeeded', decision: 'first' },
        { status: 'succeeded', decision: 'promoted' },
        { status: 'succeeded', decision: 'rejected' },
      ]);
    } finally {
      conn.close();
    }
    const monitoring = readJson<{
      runs: { decision: string }[];
      champions: { how: string }[];
      realised: unknown[];
      drift: { features: unknown[] };
    }>(join(dir, 'current', 'publish', 'monitoring.json'));
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
    for (const f of [
      'exports/at-risk.csv',
      'exports/at-risk.xlsx',
      'exports/at-risk.parquet',
      'snapshot/scores.parquet',
      'site/index.html',
      'site/model.html',
      'COMPLETE',
    ]) {
      expect(existsSync(join(current, f)), f).toBe(true);
    }
    for (const f of [...PUBLISHED_FILES, 'monitoring.json'])
      expect(existsSync(join(current, 'publish', f)), f).toBe(true);
    expect(readJson<{ asOf: string }>(join(current, 'publish', 'site.json')).asOf).toBe('2026-07-01');
  });
});

describe('run lock', () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    dir = join(fx.root, 'lock');
    db = join(dir, 'churn.duckdb');
    mkdirSync(dir, { recursive: true });
  });

  it('refuses a second run while one is in progress', async () => {
    const inbox = join(fx.root, 'inbox-lock');
    dropInto(inbox, fx.drops.first);
    const config = writeConfig(fx.root, 'quick-lock.json', quick);
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
    writeFileSync(
      join(dir, 'retrain.lock'),
      JSON.stringify({ pid: dead, host: hostname(), startedAt: '2026-11-01T00:00:00.000Z', runId: 'r-dead' }),
    );
    // Stopped right after start-up: taking the lock over is what this test is about.
    const r = retrain(db, ['--config', writeConfig(fx.root, 'quick-lock.json', quick)], { CHURN_FAULT_AT: 'features' });
    expect(r.signal, r.stderr).toBe('SIGKILL');
    expect(r.stderr).toContain(`took over a stale lock: run r-dead (pid ${dead} on ${hostname()}`);
    expect(JSON.parse(readFileSync(join(dir, 'retrain.lock'), 'utf8')).runId).not.toBe('r-dead');
  });

  it('does not take over a live lock', () => {
    writeFileSync(
      join(dir, 'retrain.lock'),
      JSON.stringify({ pid: process.pid, host: hostname(), startedAt: '2026-11-01T00:00:00.000Z', runId: 'r-live' }),
    );
    const r = retrain(db, []);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`r-live (pid ${process.pid}`);
  });
});
