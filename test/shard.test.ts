// Scoring at scale: shards scored as independent processes (at the same time, on a database they
// only read) and merged give exactly the scores of one unsharded run; so do worker threads.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../pipeline/db/database.ts';
import { computeBtyd, computeBtydInWorker, summaryPositions } from '../pipeline/btyd/customer-btyd.ts';
import { readRfm, readSnapshotRfm } from '../pipeline/btyd/rfm.ts';
import { addDays } from '../pipeline/dates.ts';
import { churn } from './helpers/cli.ts';
import { tempDir } from './helpers/temp-db.ts';

const BIN = fileURLToPath(new URL('../bin/churn.mjs', import.meta.url));
let dir: string;
let cleanup: () => void;
let db: string;

function run(args: string[], path = db): unknown {
  const r = churn([...args, '--db', path, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

/** Runs the CLI without waiting, so several processes overlap. */
function start(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, TZ: 'UTC', CI: 'true', CHURN_TF_BACKEND: 'wasm' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

async function scores(path: string): Promise<Record<string, unknown>[]> {
  const handle = await openDatabase(path, { readOnly: true });
  try {
    return await handle.all('SELECT * EXCLUDE (as_of) FROM scores ORDER BY customer_id');
  } finally {
    handle.close();
  }
}

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'churn.duckdb');
  run(['demo', '--customers', '1500', '--seed', '11', '--no-report']);
});
afterAll(() => cleanup());

describe('sharded and parallel scoring', () => {
  it('gives the same scores on worker threads as on one thread, and from the snapshot already built', async () => {
    run(['score', '--workers', '1', '--no-plan']);
    const single = await scores(db);
    run(['score', '--workers', '3', '--no-plan']);
    const parallel = await scores(db);
    expect(single).toHaveLength(1500);
    expect(single.some((r) => JSON.stringify(r.reason_labels).includes('impact'))).toBe(true);
    expect(single.every((r) => typeof r.churn_low === 'number' && typeof r.churn_high === 'number')).toBe(true);
    expect(parallel).toEqual(single);
    run(['score', '--reuse-features', '--no-plan']);
    expect(await scores(db)).toEqual(single);
  });

  it('scores a current snapshot as it is, and rebuilds it once the history or the request changes', async () => {
    const built = run(['score', '--rebuild-features', '--no-plan']) as { snapshot: string; asOf: string };
    expect(built.snapshot).toBe('built');
    const before = await scores(db);
    const reused = run(['score', '--no-plan']) as { snapshot: string };
    expect(reused.snapshot).toBe('current');
    expect(await scores(db)).toEqual(before);

    // A purchase loaded for an existing customer before the as-of date: the same cutoff, new history.
    const handle = await openDatabase(db, { readOnly: true });
    const [last] = await handle.all<{ customer_id: string; day: string }>(
      "SELECT customer_id, strftime(max(ts) - INTERVAL 7 DAY, '%Y-%m-%d %H:%M:%S') AS day FROM events GROUP BY customer_id ORDER BY customer_id LIMIT 1",
    );
    handle.close();
    const file = join(dir, 'late-purchase.csv');
    writeFileSync(
      file,
      `event_id,customer_id,ts,type,amount,score,channel,text\nlate-1,${last.customer_id},${last.day},purchase,12.5,,web,\n`,
    );
    run(['ingest', file, '--kind', 'events']);
    const after = run(['score', '--no-plan']) as { snapshot: string; asOf: string };
    expect(after.asOf).toBe(built.asOf);
    expect(after.snapshot).toBe('built');
    expect((run(['score', '--no-plan']) as { snapshot: string }).snapshot).toBe('current');
  });

  it('fits BTYD on the summary the snapshot carries, equal to a separate pass over the events', async () => {
    const { asOf } = run(['score', '--no-plan']) as { asOf: string };
    const handle = await openDatabase(db, { readOnly: true });
    try {
      const calibrationEnd = addDays(asOf, -1);
      const fromSnapshot = await readSnapshotRfm(handle, asOf, calibrationEnd);
      const fromEvents = await readRfm(handle, { calibrationEnd, unit: 'days' });
      expect(fromSnapshot.customerIds.length).toBeGreaterThan(1000);
      for (const key of ['customerIds', 'frequency', 'recency', 'T', 'monetary', 'firstDay'] as const) {
        expect([...fromSnapshot[key]]).toEqual([...fromEvents[key]]);
      }
      // On a worker thread (as scoring does for large bases) the result is the same.
      const horizons = { cutoff: asOf, horizonDays: 90, valueHorizonDays: 365 };
      const inline = computeBtyd(fromSnapshot, horizons);
      const threaded = await computeBtydInWorker(fromSnapshot, horizons);
      expect(threaded.bgnbd?.params).toEqual(inline.bgnbd?.params);
      for (const key of ['pAlive', 'expectedPurchases', 'pNoPurchase', 'expectedValue', 'clv'] as const) {
        expect([...threaded[key]]).toEqual([...inline[key]]);
      }
    } finally {
      handle.close();
    }
  });

  it('merges shards scored at the same time into exactly the unsharded scores', async () => {
    run(['score', '--no-plan']);
    const unsharded = await scores(db);
    const files = [0, 1, 2].map((i) => join(dir, 'shards', `part-${i}.parquet`));
    const runs = await Promise.all(
      files.map((file, i) => start(['score', '--shard', `${i}/3`, '--out', file, '--db', db])),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);

    // Each file holds only its shard's customers: together all of them, none twice.
    const handle = await openDatabase(':memory:');
    const parts = await handle.all<{ file: string; n: number; wrong: number }>(
      `SELECT filename AS file, count(*) AS n, count(*) FILTER (md5_number(customer_id) % 3 <> CAST(regexp_extract(filename, 'part-(\\d)', 1) AS INTEGER)) AS wrong
       FROM read_parquet([${files.map((f) => `'${f}'`).join(', ')}], filename = true) GROUP BY ALL ORDER BY file`,
    );
    handle.close();
    expect(parts.map((p) => p.wrong)).toEqual([0, 0, 0]);
    expect(parts.every((p) => p.n > 300)).toBe(true);
    expect(parts.reduce((s, p) => s + p.n, 0)).toBe(1500);

    // Merge into a copy whose scores were cleared, so nothing is left over from the unsharded run.
    const copy = join(dir, 'merge.duckdb');
    copyFileSync(db, copy);
    const cleared = await openDatabase(copy);
    await cleared.run('DELETE FROM scores');
    cleared.close();
    run(['score', '--merge', ...files], copy);
    expect(await scores(copy)).toEqual(unsharded);
  });

  it('ranks risk tiers by share over all shards when merging, as one unsharded run does', async () => {
    const config = join(dir, 'share.json');
    writeFileSync(config, JSON.stringify({ riskTiers: { by: 'share', high: 0.05, medium: 0.15 } }));
    run(['score', '--no-plan', '--config', config]);
    const unsharded = await scores(db);
    expect(unsharded.filter((r) => r.risk_tier === 'high')).toHaveLength(75);
    const files = [0, 1, 2].map((i) => join(dir, 'share-shards', `part-${i}.parquet`));
    for (const [i, file] of files.entries()) run(['score', '--shard', `${i}/3`, '--out', file, '--config', config]);
    const copy = join(dir, 'merge-share.duckdb');
    copyFileSync(db, copy);
    const cleared = await openDatabase(copy);
    await cleared.run('DELETE FROM scores');
    cleared.close();
    run(['score', '--merge', ...files, '--config', config], copy);
    expect(await scores(copy)).toEqual(unsharded);
  });

  it('refuses an incomplete or repeated set of shard files, and a shard without its file', async () => {
    const files = [0, 1, 2].map((i) => join(dir, 'shards', `part-${i}.parquet`));
    expect(existsSync(files[2])).toBe(true);
    const missing = churn(['score', '--merge', files[0], files[1], '--db', db]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/missing/);
    const twice = churn(['score', '--merge', files[0], files[0], files[1], files[2], '--db', db]);
    expect(twice.code).toBe(3);
    expect(twice.stderr).toMatch(/more than once/);
    expect(churn(['score', '--shard', '1/3', '--db', db]).code).toBe(2);
    expect(churn(['score', '--shard', '3/3', '--out', 'x.parquet', '--db', db]).code).toBe(2);
  });
});

describe('matching the BTYD summary to the scored customers', () => {
  const naive = (summary: string[], customers: string[]) => Int32Array.from(customers, (id) => summary.indexOf(id));
  it('finds each customer in the summary, or -1, in every arrangement', () => {
    const all = Array.from({ length: 40 }, (_, i) => `C${String(i).padStart(3, '0')}`);
    const buyers = all.filter((_, i) => i % 3 !== 1);
    const shard = all.filter((_, i) => i % 4 === 0);
    const shuffled = [...buyers].reverse();
    for (const [summary, customers] of [
      [buyers, all], // the whole snapshot: one walk
      [buyers, shard], // a shard: the summary has customers the shard has not
      [shuffled, all], // another order
      [[], all],
      [buyers, []],
    ]) {
      expect([...summaryPositions(summary, customers)]).toEqual([...naive(summary, customers)]);
    }
  });
});
