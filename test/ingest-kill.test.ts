// A process killed (SIGKILL) in the middle of a large ingest leaves the database as it was and
// openable; the next ingest of the same file completes normally.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../pipeline/db/database.ts';
import { generateToCsv } from '../pipeline/generate/to-csv.ts';
import { churn } from './helpers/cli.ts';
import { tempDir } from './helpers/temp-db.ts';

const BIN = fileURLToPath(new URL('../bin/churn.mjs', import.meta.url));
let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

async function counts(db: string) {
  const handle = await openDatabase(db);
  const [row] = await handle.all<{ customers: number; events: number; loads: number }>(
    'SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM ingest_log) AS loads',
  );
  handle.close();
  return row;
}

it('survives SIGKILL mid-file', async () => {
  const summary = await generateToCsv(dir, { customers: 8000, seed: 3 });
  const db = join(dir, 'kill.duckdb');
  expect(churn(['ingest', join(dir, 'customers.csv'), '--kind', 'customers', '--db', db]).code).toBe(0);
  const before = await counts(db);

  const child = spawn(process.execPath, [BIN, 'ingest', join(dir, 'events.csv'), '--kind', 'events', '--db', db], {
    env: { ...process.env, CI: 'true' },
    stdio: 'ignore',
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  await new Promise((r) => setTimeout(r, 2500));
  child.kill('SIGKILL');
  const { signal } = await exited;
  expect(signal, 'the ingest finished before it could be killed: use a bigger file').toBe('SIGKILL');

  expect(await counts(db)).toEqual(before);
  const again = churn(['ingest', join(dir, 'events.csv'), '--kind', 'events', '--db', db, '--json']);
  expect(again.code, again.stderr).toBe(0);
  expect(JSON.parse(again.stdout).files[0]).toMatchObject({ rowsRead: summary.events, inserted: summary.events, rejected: 0 });
});
