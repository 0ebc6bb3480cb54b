// `churn retrain` interrupted and killed: SIGTERM recorded as aborted; a SIGKILL at every stage
// (CHURN_FAULT_AT) leaving the published release, champion and database intact, with the next run
// completing; exports, site builds and status served from the current release while the database is held.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../pipeline/db/database.ts';
import type { RunReport } from '../pipeline/retrain/run-report.ts';
import { churn } from './helpers/cli.ts';
import {
  BIN,
  dropInto,
  ENV,
  publishedState,
  quick,
  readJson,
  reports,
  retrain,
  useRetrainFixture,
  writeConfig,
} from './helpers/retrain.ts';

// A generated history split into two drops, in a temp folder (removed after the file's tests).
const fx = useRetrainFixture();

describe('interrupted and killed runs', () => {
  let dir: string;
  let db: string;
  let inbox: string;
  let config: string;
  beforeAll(() => {
    dir = join(fx.root, 'faults');
    db = join(dir, 'churn.duckdb');
    inbox = join(fx.root, 'inbox-faults');
    config = writeConfig(fx.root, 'quick-faults.json', quick);
    dropInto(inbox, fx.drops.first);
    const first = retrain(db, ['--inbox', inbox, '--config', config]);
    expect(first.code, first.stderr).toBe(0);
    // The second drop waits in the inbox: the runs below load it (or are killed before they do).
    dropInto(inbox, fx.drops.second);
  });

  it('exports, builds the site and reports status from the current release while the database is held', async () => {
    // This process holds the database as a run would: no other process can open it, even read-only.
    const holder = await openDatabase(db);
    try {
      const out = join(fx.root, 'held-export.csv');
      const e = churn(['export', '--db', db, '--out', out, '--config', config]);
      expect(e.code, e.stderr).toBe(0);
      expect(e.stderr).toMatch(/database is in use .*: exporting from the published release .*releases\/r-/);
      // Exactly the rows and columns the run exported (its copy has a byte-order mark for Excel).
      const published = readFileSync(join(dir, 'current', 'exports', 'at-risk.csv'), 'utf8').replace(/^\uFEFF/, '');
      expect(readFileSync(out, 'utf8')).toBe(published);
      const status = churn([
        'status',
        '--db',
        db,
        '--config',
        writeConfig(fx.root, 'scheduled.json', { retrain: { scheduleDays: 7 } }),
      ]);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toContain('(in use by another process)');
      expect(status.stdout).toMatch(/^last run: +r-\S+ succeeded \(exit 0\), as-of 2026-01-01, first$/m);
      expect(status.stdout).toMatch(/^champion: +m-2026-01-01-\w+ \(as-of 2026-01-01, champion for 0 days\)$/m);
      expect(status.stdout).toMatch(/^next run due: +\d{4}-\d\d-\d\dT/m);
      const site = join(fx.root, 'held-site');
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
    const child = spawn(process.execPath, [BIN, 'retrain', '--db', db, '--config', config], {
      env: { ...process.env, ...ENV },
    });
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
    const points = [
      'inbox',
      'features',
      'train',
      'compare',
      'score',
      'score:commit',
      'monitor',
      'plan',
      'export',
      'publish',
      'site',
      'switch',
      'switch:rename',
    ];
    const before = publishedState(dir);
    const publishedAsOf = readJson<{ asOf: string }>(join(dir, 'current', 'publish', 'site.json')).asOf;
    for (const point of points) {
      const r = retrain(db, ['--inbox', inbox, '--config', config], { CHURN_FAULT_AT: point });
      expect(r.signal, `${point}: ${r.stderr}`).toBe('SIGKILL');
      // Readers see exactly the release they saw before.
      expect(publishedState(dir), point).toEqual(before);
      // The champion pointer names a complete model version.
      const champion = readJson<{ modelId: string }>(join(dir, 'models', 'champion.json')).modelId;
      for (const f of ['model.json', 'weights.bin', 'card.json'])
        expect(existsSync(join(dir, 'models', champion, f)), `${point}: ${f}`).toBe(true);
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
      const rows = await conn.all<{ status: string; n: number }>(
        'SELECT status, count(*) AS n FROM runs GROUP BY status ORDER BY status',
      );
      expect(rows).toEqual([
        { status: 'aborted', n: 1 },
        { status: 'failed', n: points.length },
        { status: 'succeeded', n: 2 },
      ]);
    } finally {
      conn.close();
    }
    // Old releases are pruned; leftovers of killed runs removed.
    expect(readdirSync(join(dir, 'releases')).length).toBeLessThanOrEqual(4);
    expect(readdirSync(dir).filter((f) => f.startsWith('.current.'))).toEqual([]);
  });
});
