// Whether the feature snapshot at a cutoff is current: built by this version of features.sql from
// the history as it stands now. `churn score` scores a current snapshot as it is instead of building
// it again (at 1M customers the build costs more than the model and its explanations together).
import type { Logger } from '../log.ts';
import { createHash } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { systemClock, type Clock } from '../clock.ts';

import { churnDefinitionKey, DEFAULT_CHURN, type ChurnConfig } from '../config/churn-definition.ts';
import { readNamedSql } from '../db/named-sql.ts';
import type { VoiceConfig } from '../config/voice-config.ts';
import { eventLinksSql } from './event-links.ts';

const sql = () => readNamedSql(import.meta.url, 'snapshot-state.sql');

/** Which snapshot to build: its cutoff and label windows (build-features.ts), the key of its state here. */
export interface SnapshotOptions {
  cutoff: string;
  horizonDays: number;
  valueHorizonDays: number;
  /** Labels whose window runs past this date are NULL (not yet observed). */
  observedUntil: string;
  /** What churned means (config `churn`); absent: no purchase in the horizon. */
  churn?: ChurnConfig;
  /** How feedback text is read (config `voice`); absent: the defaults. */
  voice?: VoiceConfig;
  /** The config's seed (the sentiment model's). */
  seed?: number;
  /** Where reading feedback text reports its progress (a terminal only; see log.ts). */
  logger?: Logger;
}

/**
 * What a snapshot depends on: the query's text (with that of event_links, which it reads), the churn
 * definition its labels follow, and the state of the history (snapshot-state.sql). A snapshot built
 * under one definition is never current under another, not even for scoring: its stored labels would
 * be another definition's.
 */
export async function dataVersion(
  db: Database,
  featuresSql: string,
  churn: ChurnConfig = DEFAULT_CHURN,
): Promise<string> {
  const [row] = await db.all<{ events: number; customers: number; loads: number; last_load: string; text: string }>(
    sql().data,
    {},
    'snapshot state (data)',
  );
  const query = createHash('sha256')
    .update(featuresSql)
    .update(eventLinksSql())
    .update(churnDefinitionKey(churn))
    .digest('hex')
    .slice(0, 16);
  return `${query}:${row.events}:${row.customers}:${row.loads}:${row.last_load}:${row.text}`;
}

/** Before a rebuild: a snapshot half rebuilt must never look current. */
export async function forgetSnapshot(db: Database, cutoff: string): Promise<void> {
  await db.run(sql().create, {}, 'snapshot state (create)');
  await db.run(sql().forget, { cutoff }, 'snapshot state (forget)');
}

/** After the features table is rebuilt with other columns: no snapshot survives. */
export async function forgetSnapshots(db: Database): Promise<void> {
  await db.run(sql().create, {}, 'snapshot state (create)');
  await db.run(sql().forget_all, {}, 'snapshot state (forget all)');
}

export async function recordSnapshot(
  db: Database,
  options: SnapshotOptions,
  version: string,
  now: Clock = systemClock,
): Promise<void> {
  await db.run(
    sql().record,
    {
      cutoff: options.cutoff,
      data_version: version,
      horizon: options.horizonDays,
      value_horizon: options.valueHorizonDays,
      observed_until: options.observedUntil,
      now: now().toISOString(),
    },
    'snapshot state (record)',
  );
}

export interface CurrentSnapshot {
  builtAt: string;
}

/**
 * The snapshot at `cutoff` if it is current (its churn definition `churn`'s), else null. With `labels`,
 * its label windows must also be the ones asked for; without, only the features count (scoring reads
 * no labels).
 */
export async function currentSnapshot(
  db: Database,
  cutoff: string,
  featuresSql: string,
  churn: ChurnConfig,
  labels?: Omit<SnapshotOptions, 'cutoff' | 'churn'>,
): Promise<CurrentSnapshot | null> {
  const exists = await db.all<{ n: number }>(
    "SELECT count(*) AS n FROM information_schema.tables WHERE table_name IN ('snapshot_state', 'features')",
    {},
    'snapshot state (exists)',
  );
  if (exists[0].n < 2) return null;
  const rows = await db.all<{
    data_version: string;
    horizon_days: number;
    value_horizon_days: number;
    observed_until: string;
    built_at: string;
  }>(sql().find, { cutoff }, 'snapshot state (find)');
  if (rows.length === 0) return null;
  const row = rows[0];
  if (row.data_version !== (await dataVersion(db, featuresSql, churn))) return null;
  if (
    labels &&
    (row.horizon_days !== labels.horizonDays ||
      row.value_horizon_days !== labels.valueHorizonDays ||
      row.observed_until !== labels.observedUntil)
  )
    return null;
  return { builtAt: row.built_at };
}
