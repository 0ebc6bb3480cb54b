// What the database holds: counts, history range, the last model and its metrics, the last scoring.
import { existsSync } from 'node:fs';
import { attributeDeclarations } from '../db/declarations.ts';
import type { Database } from '../db/database.ts';
import { historyRange, type HistoryRange } from '../history.ts';

export interface Status {
  db: string;
  exists: boolean;
  history: HistoryRange | null;
  tables: Record<string, number>;
  lastModel: {
    modelId: string;
    createdAt: string;
    asOf: string;
    backend: string;
    metrics: Record<string, unknown>;
  } | null;
  lastScoring: { asOf: string; modelId: string; customers: number } | null;
  lastPlan: { asOf: string; campaign: string; contacted: number; control: number } | null;
  /** History coverage per event type. */
  eventTypes: { type: string; events: number; first: string; last: string }[];
  /** Declared customer attributes (beyond region, channel, plan) and how many customers have a value. */
  attributes: { name: string; kind: string; customers: number }[];
  /** The most recent ingested files, newest first. */
  recentLoads: {
    loadId: string;
    file: string;
    kind: string;
    finishedAt: string;
    rowsRead: number;
    inserted: number;
    alreadyPresent: number;
    rejected: number;
  }[];
}

export function missingStatus(db: string): Status {
  return {
    db,
    exists: existsSync(db),
    history: null,
    tables: {},
    lastModel: null,
    lastScoring: null,
    lastPlan: null,
    eventTypes: [],
    attributes: [],
    recentLoads: [],
  };
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
  const models = await db.all<{
    model_id: string;
    created_at: string;
    as_of: string;
    backend: string;
    metrics: string;
  }>(
    `SELECT model_id, strftime(created_at, '%Y-%m-%d %H:%M:%S') AS created_at, strftime(as_of, '%Y-%m-%d') AS as_of,
            backend, CAST(metrics AS VARCHAR) AS metrics
     FROM models ORDER BY created_at DESC, model_id DESC LIMIT 1`,
  );
  const scoring = await db.all<{ as_of: string; model_id: string; n: number }>(
    `SELECT strftime(as_of, '%Y-%m-%d') AS as_of, any_value(model_id) AS model_id, count(*) AS n
     FROM scores GROUP BY as_of ORDER BY as_of DESC LIMIT 1`,
  );
  const eventTypes = await db.all<{ type: string; events: number; first: string; last: string }>(
    `SELECT type, count(*) AS events, strftime(min(ts), '%Y-%m-%d') AS first, strftime(max(ts), '%Y-%m-%d') AS last
     FROM events GROUP BY type ORDER BY type`,
  );
  const attributes = (await attributeDeclarations(db)).filter((a) => !a.builtIn);
  const counts = attributes.length
    ? await db.all<{ name: string; n: number }>('SELECT name, count(*) AS n FROM customer_attributes GROUP BY name')
    : [];
  const recentLoads = await db.all<Status['recentLoads'][number]>(
    `SELECT load_id AS "loadId", file, kind, strftime(finished_at, '%Y-%m-%d %H:%M:%S') AS "finishedAt",
            rows_read AS "rowsRead", inserted, already_present AS "alreadyPresent", rejected
     FROM ingest_log ORDER BY finished_at DESC, load_id DESC LIMIT 5`,
  );
  const plans = await db.all<{ as_of: string; campaign: string; contacted: number; control: number }>(
    `SELECT strftime(as_of, '%Y-%m-%d') AS as_of, any_value(campaign) AS campaign,
            count(priority) AS contacted, count(*) FILTER (control) AS control
     FROM plan GROUP BY as_of ORDER BY as_of DESC LIMIT 1`,
  );
  return {
    lastPlan: plans[0]
      ? { asOf: plans[0].as_of, campaign: plans[0].campaign, contacted: plans[0].contacted, control: plans[0].control }
      : null,
    eventTypes,
    attributes: attributes.map((a) => ({
      name: a.name,
      kind: a.kind,
      customers: counts.find((c) => c.name === a.name)?.n ?? 0,
    })),
    recentLoads,
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
