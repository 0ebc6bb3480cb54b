// Builds point-in-time feature snapshots (features.sql) into the `features` table and reads them back
// as columns for the model.
import type { Database, Params } from '../db/database.ts';
import { churnLabelParams, countsLapse, DEFAULT_CHURN, type ChurnConfig } from '../config/churn-definition.ts';
import { UserError } from '../errors.ts';
import { checkChurnTypes } from './churn-types.ts';
import { DEFAULT_VOICE } from '../config/voice-config.ts';
import { ensureTextSignals } from '../text/text-signals.ts';
import { ensureEventLinks } from './event-links.ts';
import { categoricalFeatures, composeFeatures, featureSet, numericFeatures } from './feature-set.ts';
import {
  dataVersion,
  forgetSnapshot,
  forgetSnapshots,
  recordSnapshot,
  type SnapshotOptions,
} from './snapshot-state.ts';

export type { SnapshotOptions };

export interface Snapshot {
  cutoff: string;
  customerIds: string[];
  numeric: Record<string, Float64Array>;
  /** region, channel, plan and, where the history has them, top_category and the declared attributes. */
  categorical: Record<string, string[]>;
  /** 1 churned, 0 stayed, null when the label window is not fully observed (empty when read without labels). */
  churned: (number | null)[];
  futureValue: (number | null)[];
}

/**
 * The snapshot query for this history (features.sql with the parts its data has, feature-set.ts) and
 * the parameters of those parts. Habits are read in the time zone the events were loaded in (the
 * latest events load's mapping; UTC without one): the customers' own clock.
 */
export async function featuresQuery(
  db: Database,
  churn: ChurnConfig = DEFAULT_CHURN,
): Promise<{ sql: string; params: Params }> {
  const [load] = await db.all<{ zone: string | null }>(
    `SELECT coalesce(json_extract_string(mapping, '$.fields.ts.timezone'), json_extract_string(mapping, '$.timezone')) AS zone
     FROM ingest_log WHERE kind = 'events' ORDER BY finished_at DESC, load_id DESC LIMIT 1`,
    {},
    'features (time zone)',
  );
  const set = await featureSet(db);
  const lapse = countsLapse(churn);
  if (lapse && !set.subscriptions)
    throw new UserError(
      'config churn.definition "cancellation" needs subscription events (subscription_start, renewal, payment, cancellation); the history has none',
    );
  return composeFeatures(set, load?.zone ?? 'UTC', lapse);
}

/** (Re)builds one snapshot; returns the number of customers in it. */
export async function buildSnapshot(db: Database, options: SnapshotOptions): Promise<number> {
  const churn = options.churn ?? DEFAULT_CHURN;
  await checkChurnTypes(db, churn);
  const params = {
    cutoff: options.cutoff,
    horizon: options.horizonDays,
    value_horizon: options.valueHorizonDays,
    observed_until: options.observedUntil,
    ...churnLabelParams(churn),
  };
  // features.sql reads purchases and logins from event_links, and what customers wrote from
  // text_signals: bring both up to date with the events first.
  await ensureEventLinks(db);
  await ensureTextSignals(db, options.voice ?? DEFAULT_VOICE, { seed: options.seed, logger: options.logger });
  const query = await featuresQuery(db, churn);
  const sql = query.sql;
  Object.assign(params, query.params);
  await db.run(
    `CREATE OR REPLACE TEMP TABLE features_shape AS SELECT * FROM (${sql}) WHERE false`,
    params,
    'features.sql (shape)',
  );
  const [shape] = await db.all<{ same: boolean }>(
    `SELECT (SELECT string_agg(column_name || ' ' || data_type, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'features_shape')
          = (SELECT string_agg(column_name || ' ' || data_type, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'features' AND table_schema = 'main') AS same`,
    {},
    'features (shape)',
  );
  if (!shape.same) {
    // Snapshots are derived data: built by an older features.sql (other columns), they are dropped
    // and rebuilt when next needed rather than mixed with this version's rows.
    await db.run(
      'DROP TABLE IF EXISTS features; CREATE TABLE features AS SELECT * FROM features_shape;',
      {},
      'features (new shape)',
    );
    await forgetSnapshots(db);
  }
  await db.run('DROP TABLE features_shape', {}, 'features (shape)');
  await forgetSnapshot(db, options.cutoff);
  await db.run(
    'DELETE FROM features WHERE cutoff = CAST($cutoff AS DATE)',
    { cutoff: options.cutoff },
    'features (clear)',
  );
  await db.run(`INSERT INTO features ${sql}`, params, 'features.sql');
  await recordSnapshot(db, options, await dataVersion(db, sql, churn));
  const [row] = await db.all<{ n: number }>('SELECT count(*) AS n FROM features WHERE cutoff = CAST($cutoff AS DATE)', {
    cutoff: options.cutoff,
  });
  return row.n;
}

/** Reads one snapshot back, ordered by customer id; `filter` keeps only some customers (a scoring shard). */
export async function readSnapshot(
  db: Database,
  cutoff: string,
  filter?: { condition: string; params: Params },
  options: { labels?: boolean } = {},
): Promise<Snapshot> {
  const set = await featureSet(db);
  const names = numericFeatures(set).map((f) => f.name);
  const categorical = categoricalFeatures(set);
  // Scoring needs no labels: at 1M customers, two boxed label arrays are real time and garbage.
  const labels = options.labels ?? true;
  const where = `cutoff = CAST($cutoff AS DATE) ${filter ? `AND (${filter.condition})` : ''}`;
  const params = { cutoff, ...filter?.params };
  // Categories come as positions in their few distinct values, a number per row instead of a string
  // to decode: the rows then share the values' strings. The values of the whole snapshot, not just
  // the filtered rows: a filter (a shard's hash of every id) would cost as much as the read again.
  const dictionaries = await categoryValues(db, cutoff, categorical);
  const codes = categorical.map((name) => `CAST(list_position($${name}_values, ${name}) AS DOUBLE) AS ${name}`);
  const { numeric: cols, other } = await db.vectors(
    `SELECT customer_id, ${[...codes, ...names].join(', ')}${labels ? ', churned, future_value' : ''}
     FROM features WHERE ${where} ORDER BY customer_id`,
    { ...params, ...Object.fromEntries(categorical.map((name) => [`${name}_values`, dictionaries[name]])) },
    'features (read)',
  );
  // A missing numeric value is 0 for the model (features.sql fills the meaningful defaults itself).
  // In place, in a plain loop: a callback per value costs more than the read at 1M customers.
  const numeric: Record<string, Float64Array> = {};
  for (const name of names) {
    const column = cols[name];
    for (let i = 0; i < column.length; i++) if (column[i] !== column[i]) column[i] = 0;
    numeric[name] = column;
  }
  const categories = Object.fromEntries(
    categorical.map((name) => {
      const code = cols[name];
      const values = dictionaries[name];
      const column = new Array<string>(code.length);
      // NULL (NaN) is the empty category.
      for (let i = 0; i < code.length; i++) column[i] = code[i] > 0 ? values[code[i] - 1] : '';
      return [name, column];
    }),
  );
  const label = (column: Float64Array) => Array.from(column, (v) => (Number.isNaN(v) ? null : v));
  return {
    cutoff,
    customerIds: other.customer_id as string[],
    numeric,
    categorical: categories,
    churned: labels ? label(cols.churned) : [],
    futureValue: labels ? label(cols.future_value) : [],
  };
}

/** The distinct non-NULL values of each categorical feature in the snapshot at `cutoff`. */
async function categoryValues(db: Database, cutoff: string, names: string[]): Promise<Record<string, string[]>> {
  const rows = await db.all<{ name: string; values: string[] }>(
    names
      .map(
        (name) =>
          `SELECT '${name}' AS name, coalesce(list(DISTINCT ${name} ORDER BY ${name}) FILTER (${name} IS NOT NULL), []) AS values FROM features WHERE cutoff = CAST($cutoff AS DATE)`,
      )
      .join(' UNION ALL '),
    { cutoff },
    'features (categories)',
  );
  return Object.fromEntries(names.map((name) => [name, rows.find((r) => r.name === name)!.values]));
}
