// The current time comes from a Clock passed in (pipeline/clock.ts), never from DuckDB's now() or
// new Date() inside a stage: a pinned clock pins every time a stage stores, in UTC whatever the
// session time zone.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../pipeline/clock.ts';
import type { Database } from '../pipeline/db/database.ts';
import { forgetSnapshot, recordSnapshot } from '../pipeline/features/snapshot-state.ts';
import { recordGenerated } from '../pipeline/generate/provenance.ts';
import { ingestStage } from '../pipeline/ingest/ingest-stage.ts';
import { closeAbandoned, newReport, newRunId, writeReport } from '../pipeline/retrain/run-report.ts';
import { tempDatabase } from './helpers/temp-db.ts';

let db: Database;
let dir: string;
let cleanup: () => void;
beforeEach(async () => {
  ({ db, dir, cleanup } = await tempDatabase());
  // A session time zone other than UTC: DuckDB's now()::TIMESTAMP would store New York wall time.
  await db.run(`SET TimeZone = 'America/New_York'`);
});
afterEach(() => cleanup());

const AT = '2026-03-04T05:06:07.000Z';
const stored = async (sql: string) =>
  (await db.all<{ t: string }>(`SELECT strftime(${sql}, '%Y-%m-%dT%H:%M:%S.000Z') AS t`))[0].t;

describe('clock', () => {
  it('stamps an ingested file, a generated history and a snapshot with the pinned time', async () => {
    const file = join(dir, 'customers.csv');
    writeFileSync(
      file,
      'customer_id,signup_date,region,channel,plan,name,email,phone\nc1,2024-01-01,north,web,basic,,,\n',
    );
    await ingestStage(db, file, { kind: 'customers', mapping: null, futureToleranceHours: 24, now: fixedClock(AT) });
    expect(await stored('(SELECT started_at FROM ingest_log)')).toBe(AT);
    expect(await stored('(SELECT finished_at FROM ingest_log)')).toBe(AT);

    await recordGenerated(db, 'js', 1, fixedClock(AT));
    expect(await stored('(SELECT generated_at FROM generated_history)')).toBe(AT);

    await forgetSnapshot(db, '2025-01-01');
    await recordSnapshot(
      db,
      { cutoff: '2025-01-01', horizonDays: 90, valueHorizonDays: 365, observedUntil: '2025-01-01' },
      'v1',
      fixedClock(AT),
    );
    expect(await stored('(SELECT built_at FROM snapshot_state)')).toBe(AT);
  });

  it('names and stamps a retraining run by the clock, and dates an abandoned run by it', () => {
    const now = fixedClock(AT);
    const runId = newRunId(now);
    expect(runId).toMatch(/^r-20260304T050607Z-/);
    const report = newReport(runId, { inbox: null, forcePromote: false }, now);
    expect(report.startedAt).toBe(AT);
    writeReport(dir, report);
    const [closed] = closeAbandoned(dir, 'r-other', fixedClock('2026-03-05T00:00:00Z'));
    expect(closed.error).toMatch(/noticed 2026-03-05T00:00:00\.000Z$/);
  });
});
