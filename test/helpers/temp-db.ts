// A real DuckDB file in a fresh temp directory, removed after the test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../pipeline/db/database.ts';

export function tempDir(prefix = 'churn-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function tempDatabase(): Promise<{ db: Database; dir: string; cleanup(): void }> {
  const { dir, cleanup } = tempDir();
  const db = await openDatabase(join(dir, 'churn.duckdb'));
  return {
    db,
    dir,
    cleanup: () => {
      db.close();
      cleanup();
    },
  };
}

type EventSpec = [customer: string, ts: string, type: string, amount?: number | null, score?: number | null];

/** Inserts a hand-written history; event ids are e1, e2, ... in the order given. */
export async function insertHistory(
  db: Database,
  customers: [id: string, signup: string, region?: string, plan?: string][],
  events: EventSpec[],
  firstEventNumber = 1,
): Promise<void> {
  for (const [id, signup, region = 'north', plan = 'basic'] of customers) {
    await db.run(`INSERT INTO customers VALUES ($id, CAST($signup AS DATE), $region, 'web', $plan, NULL, NULL, NULL)`, {
      id,
      signup,
      region,
      plan,
    });
  }
  let n = firstEventNumber;
  for (const [customer, ts, type, amount = null, score = null] of events) {
    await db.run(
      `INSERT INTO events (event_id, customer_id, ts, type, amount, score, channel, text) VALUES ($id, $customer, CAST($ts AS TIMESTAMP), $type, $amount, $score, NULL, NULL)`,
      { id: `e${n++}`, customer, ts, type, amount, score },
    );
  }
}
