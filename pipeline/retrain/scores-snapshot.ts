// The scores snapshot of a release: the tables an at-risk export reads (scores and plan of the as-of
// date, customers), as Parquet. `churn export` uses it while a run holds the database, so retention
// teams can export during a retraining run; it shows exactly what the current release published.
import { join } from 'node:path';
import type { Database } from '../db/database.ts';

export const SNAPSHOT_TABLES = ['scores', 'plan', 'customers'] as const;

export async function writeScoresSnapshot(db: Database, folder: string, asOf: string): Promise<void> {
  const where: Record<(typeof SNAPSHOT_TABLES)[number], string> = {
    scores: 'WHERE as_of = CAST($as_of AS DATE)',
    plan: 'WHERE as_of = CAST($as_of AS DATE)',
    customers: '',
  };
  for (const table of SNAPSHOT_TABLES) {
    const out = join(folder, `${table}.parquet`);
    await db.run(
      `COPY (SELECT * FROM ${table} ${where[table]}) TO $out (FORMAT parquet, COMPRESSION zstd)`,
      where[table] ? { as_of: asOf, out } : { out },
      `snapshot (${table})`,
    );
  }
}

/** Loads a snapshot folder into a fresh (in-memory) database, as the tables the export reads. */
export async function loadScoresSnapshot(db: Database, folder: string): Promise<void> {
  for (const table of SNAPSHOT_TABLES) {
    await db.run(`DROP TABLE IF EXISTS ${table}`);
    await db.run(
      `CREATE TABLE ${table} AS SELECT * FROM read_parquet($file)`,
      { file: join(folder, `${table}.parquet`) },
      `snapshot (load ${table})`,
    );
  }
}
