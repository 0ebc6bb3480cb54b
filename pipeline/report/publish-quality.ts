// quality.json: where the data came from and how complete it is: ingested files (rows read,
// inserted, already present, rejected), rejected rows by reason, events per month by type, and how
// fresh the history is relative to the as-of date. Read only. File paths are reduced to their names.
import { basename } from 'node:path';
import type { Database } from '../db/database.ts';
import { readSql } from '../db/database.ts';

type Load = {
  file: string;
  kind: string;
  format: string;
  rows_read: number;
  inserted: number;
  updated: number;
  already_present: number;
  rejected: number;
  finished_at: string;
};

export async function qualityReport(db: Database, asOf: string) {
  const loads = await db.all<Load>(
    `SELECT file, kind, format, rows_read, inserted, updated, already_present, rejected,
            strftime(finished_at, '%Y-%m-%dT%H:%M:%S') AS finished_at
     FROM ingest_log ORDER BY finished_at DESC LIMIT 200`,
    {},
    'ingest_log (publish)',
  );
  const rejects = await db.all<{ kind: string; reason: string; rows: number }>(
    `SELECT l.kind, r.reason, count(*) AS rows FROM rejects r JOIN ingest_log l USING (load_id)
     GROUP BY 1, 2 ORDER BY rows DESC, 1, 2`,
    {},
    'rejects (publish)',
  );
  const coverage = await db.all<{ month: string; type: string; events: number }>(
    readSql(import.meta.url, 'quality-coverage.sql'),
    { as_of: asOf },
    'quality-coverage.sql',
  );
  const [fresh] = await db.all<{
    customers: number;
    events: number;
    first: string | null;
    last: string | null;
    days_behind: number | null;
  }>(
    `SELECT (SELECT count(*) FROM customers) AS customers, count(*) AS events,
            strftime(min(ts), '%Y-%m-%d') AS first, strftime(max(ts), '%Y-%m-%d') AS last,
            date_diff('day', CAST(max(ts) AS DATE), CAST($as_of AS DATE)) AS days_behind
     FROM events WHERE ts < CAST($as_of AS TIMESTAMP)`,
    { as_of: asOf },
    'freshness (publish)',
  );
  const lastByType = await db.all<{ type: string; last: string }>(
    `SELECT type, strftime(max(ts), '%Y-%m-%d') AS last FROM events WHERE ts < CAST($as_of AS TIMESTAMP) GROUP BY 1 ORDER BY 1`,
    { as_of: asOf },
  );
  return {
    asOf,
    freshness: {
      customers: fresh.customers,
      events: fresh.events,
      firstEvent: fresh.first,
      lastEvent: fresh.last,
      daysBehind: fresh.days_behind,
      lastByType,
    },
    loads: loads.map((l) => ({
      file: basename(l.file),
      kind: l.kind,
      format: l.format,
      rowsRead: l.rows_read,
      inserted: l.inserted,
      updated: l.updated,
      alreadyPresent: l.already_present,
      rejected: l.rejected,
      finishedAt: l.finished_at,
    })),
    rejects,
    coverage,
  };
}
