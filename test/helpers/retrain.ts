// Shared by the retrain tests: a generated history split into two data drops (before and after
// 2026-01-01), configs, and a way to run `churn retrain` and read what it left behind.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import { openDatabase } from '../../pipeline/db/database.ts';
import type { RunReport } from '../../pipeline/retrain/run-report.ts';
import { churn } from './cli.ts';
import { tempDir } from './temp-db.ts';

export const BIN = fileURLToPath(new URL('../../bin/churn.mjs', import.meta.url));
export const ENV = { TZ: 'UTC', CI: 'true', CHURN_TF_BACKEND: 'wasm' };

export const inboxRules = [
  { pattern: 'customers*.csv', kind: 'customers' },
  { pattern: 'events*.csv', kind: 'events' },
];
// The default model, in smaller batches for this small history (enough gradient steps to learn).
export const good = { model: { batchSize: 128 }, retrain: { inbox: inboxRules } };
// For the lock and fault tests, where the model's quality does not matter: quick to train.
export const quick = { model: { epochs: 3, hiddenUnits: [8], snapshots: 1 }, retrain: { inbox: inboxRules } };
// Barely trained: a clearly worse challenger.
export const weak = {
  model: { epochs: 1, hiddenUnits: [1], learningRate: 1e-5, snapshots: 1, btydFeatures: false },
  retrain: { inbox: inboxRules },
};

export function writeConfig(dir: string, name: string, config: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** Splits a generated history into two drops at a date: customers and events before it, and the rest. */
async function splitHistory(src: string, at: string, drops: { first: string; second: string }): Promise<void> {
  const db = await openDatabase(':memory:');
  try {
    for (const [name, dir, op] of [
      ['first', drops.first, '<'],
      ['second', drops.second, '>='],
    ] as const) {
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

export function dropInto(inbox: string, drop: string): void {
  mkdirSync(inbox, { recursive: true });
  for (const f of readdirSync(drop)) copyFileSync(join(drop, f), join(inbox, f));
}

export function retrain(db: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, 'retrain', '--db', db, ...args], {
    env: { ...process.env, ...ENV, ...env },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

export const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
export const reports = (dir: string): RunReport[] =>
  readdirSync(join(dir, 'runs'))
    .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
    .map((f) => readJson<RunReport>(join(dir, 'runs', f)))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
export const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
export const listFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
/** Every file of the current release with its hash: what readers see. */
export function publishedState(dir: string): { target: string; files: Record<string, string> } {
  const target = readlinkSync(join(dir, 'current'));
  const releaseDir = join(dir, target);
  return { target, files: Object.fromEntries(listFiles(releaseDir).map((f) => [relative(releaseDir, f), sha(f)])) };
}

export interface RetrainFixture {
  root: string;
  drops: { first: string; second: string };
  cleanup(): void;
}

/** A temp folder with a 1,200-customer generated history split into two drops. */
export async function retrainFixture(): Promise<RetrainFixture> {
  const { dir: root, cleanup } = tempDir('churn-retrain-');
  const drops = { first: join(root, 'drop-1'), second: join(root, 'drop-2') };
  const gen = churn(['generate', '--out', join(root, 'gen'), '--customers', '1200', '--seed', '7']);
  expect(gen.code, gen.stderr).toBe(0);
  await splitHistory(join(root, 'gen'), '2026-01-01', drops);
  return { root, drops, cleanup };
}

/** Registers hooks that create the fixture before a test file's tests and remove it after them. */
export function useRetrainFixture(): { root: string; drops: { first: string; second: string } } {
  const state = { root: '', drops: { first: '', second: '' } };
  let cleanup = () => {};
  beforeAll(async () => {
    const fixture = await retrainFixture();
    state.root = fixture.root;
    Object.assign(state.drops, fixture.drops);
    cleanup = fixture.cleanup;
  });
  afterAll(() => cleanup());
  return state;
}
