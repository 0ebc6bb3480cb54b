// What the database holds: counts, history range, the last model and its metrics, the last scoring.
import { existsSync } from 'node:fs';
import type { Database } from './db/database.ts';
import { historyRange, type HistoryRange } from './history.ts';

export interface Status {
  db: string;
  exists: boolean;
  history: HistoryRange | null;
  tables: Record<string, number>;
  lastModel: { modelId: string; createdAt: string; asOf: string; backend: string; metrics: Record<string, unknown> } | null;
  lastScoring: { asOf: string; modelId: string; customers: number } | null;
}

export function missingStatus(db: string): Status {
  return { db, exists: existsSync(db), history: null, tables: {}, lastModel: null, lastScoring: null };
}

export async function statusOf(db: Database): Promise<Status> {
  const tables: Record<string, number> = {};
  const names = await db.all<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1",
  );
  for (const { name } of names) {
    // Table names come from the catalog, not from the user; quoting keeps odd names harmless.
    const [row] = await db.all<{ n: number }>(`SELECT count(*) AS n FROM "${name.replace(/"/g, '""')}"`);
    tables[name] = row.n;
  }
  const models = await db.all<{ model_id: string; created_at: string; as_of: string; backend: string; metrics: string }>(
    `SELECT model_id, strftime(created_at, '%Y-%m-%d %H:%M:%S') AS created_at, strftime(as_of, '%Y-%m-%d') AS as_of,
            backend, CAST(metrics AS VARCHAR) AS metrics
     FROM models ORDER BY created_at DESC, model_id DESC LIMIT 1`,
  );
  const scoring = await db.all<{ as_of: string; model_id: string; n: number }>(
    `SELECT strftime(as_of, '%Y-%m-%d') AS as_of, any_value(model_id) AS model_id, count(*) AS n
     FROM scores GROUP BY as_of ORDER BY as_of DESC LIMIT 1`,
  );
  return {
    db: db.path,
    exists: true,
    history: await historyRange(db),
    tables,
    lastModel: models[0]
      ? {
          modelId: models[0].model_id,
          createdAt: models[0].created_at,
          asOf: models[0].as_of,
          backend: models[0].backend,
          metrics: JSON.parse(models[0].metrics),
        }
      : null,
    lastScoring: scoring[0] ? { asOf: scoring[0].as_of, modelId: scoring[0].model_id, customers: scoring[0].n } : null,
  };
}
