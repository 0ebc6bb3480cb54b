// Writing scored customers: JS hands DuckDB typed columns (one buffer copy per column and chunk)
// and the few distinct reason sentences; score-rows.sql turns them into rows of `scores` (ids,
// tier names, reason codes and JSON), in DuckDB's threads. Into the database in one transaction, or
// into a shard's Parquet file.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeAtomically } from '../atomic-write.ts';
import { openDatabase, readSql, type Database, type Params } from '../db/database.ts';
import { RISK_TIERS, VALUE_TIERS, type RiskTier, type ValueTier } from '../vocabulary.ts';
import { INTERVAL_COLUMNS, type IntervalColumns } from './score-intervals.ts';
import { ACTION_RULES, actionIndex } from './actions.ts';
import type { ReasonColumns } from './reason-columns.ts';
import { valueTiers } from './value-tiers.ts';

/** Per customer, in snapshot order (by customer id): what needs no other customer, so a shard can compute it. */
export interface ScoredColumns {
  churnProb: Float64Array;
  value: Float64Array;
  /** Index into RISK_TIERS. */
  riskTier: Uint8Array;
  reasons: ReasonColumns;
  /** BG/NBD x Gamma-Gamma; NaN where there is none. */
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
  clv: Float64Array;
  /** Intervals and the next purchase (score-intervals.ts), NaN where there is none. */
  intervals: IntervalColumns;
}

/** What ranks customers against each other: computed over the whole base (indices into VALUE_TIERS and ACTION_RULES). */
export interface PopulationColumns {
  valueTier: Uint8Array;
  action: Uint8Array;
}

export const riskTierIndex = (tier: RiskTier) => RISK_TIERS.indexOf(tier);

/** Value tiers rank customers against each other, and the first action follows them. `reasonCodes(i)` may reuse one array. */
export function populationColumns(
  value: Float64Array,
  riskTier: Uint8Array,
  reasonCodes: (i: number) => string[],
): PopulationColumns {
  const tiers = valueTiers(value);
  const valueTier = new Uint8Array(tiers.length);
  const action = new Uint8Array(tiers.length);
  const tierIndex = Object.fromEntries(VALUE_TIERS.map((t, k) => [t, k])) as Record<ValueTier, number>;
  for (let i = 0; i < tiers.length; i++) {
    valueTier[i] = tierIndex[tiers[i]];
    action[i] = actionIndex({ riskTier: RISK_TIERS[riskTier[i]], valueTier: tiers[i], reasonCodes: reasonCodes(i) });
  }
  return { valueTier, action };
}

/** The reason codes of customer i, most important first, in one reused array. */
export function reasonCodesOf(reasons: ReasonColumns): (i: number) => string[] {
  const codes: string[] = [];
  return (i) => {
    codes.length = 0;
    for (const ids of reasons.ids) if (ids[i] >= 0) codes.push(reasons.sentences[ids[i]].code);
    return codes;
  };
}

interface Target {
  modelId: string;
  asOf: string;
  explanations: boolean;
  /** The central probability of the rows' intervals (config intervals.level), stored with them. */
  intervalLevel: number;
}

/** Where the customer ids come from: the whole snapshot by position (no strings through JS), or given. */
type Ids = 'snapshot' | readonly string[];

/** Replaces the as-of date's scores with these customers', in one transaction. */
export async function writeScores(
  db: Database,
  scored: ScoredColumns,
  population: PopulationColumns,
  target: Target,
): Promise<void> {
  const params = await stage(db, scored, population, target, 'snapshot');
  try {
    await db.transaction(() =>
      db.run(
        `DELETE FROM scores WHERE as_of = CAST($as_of AS DATE);
         INSERT INTO scores BY NAME SELECT * EXCLUDE (pos) FROM (${scoreRowsSql()}) ORDER BY pos;`,
        params,
        'scores (write)',
      ),
    );
  } finally {
    await dropStaging(db);
  }
}

/**
 * A shard's rows as Parquet: the scores columns but value_tier and action (computed at the merge,
 * over everyone). Staged in a private in-memory database: the real one may be open read-only, and
 * DuckDB appends to no table there, not even a temp one.
 */
export async function writeShardFile(
  scored: ScoredColumns,
  customerIds: readonly string[],
  target: Target,
  out: string,
): Promise<void> {
  const n = scored.churnProb.length;
  const mem = await openDatabase(':memory:', { schema: false });
  try {
    const params = await stage(
      mem,
      scored,
      { valueTier: new Uint8Array(n), action: new Uint8Array(n) },
      target,
      customerIds,
    );
    mkdirSync(dirname(resolve(out)), { recursive: true });
    // Written atomically: a killed shard never leaves a half file that a merge would load.
    await writeAtomically(out, (partial) =>
      mem.run(
        `COPY (SELECT * EXCLUDE (pos, value_tier, action) FROM (${scoreRowsSql()}) ORDER BY pos) TO '${sqlString(partial)}' (FORMAT parquet)`,
        params,
        'shard (write parquet)',
      ),
    );
  } finally {
    mem.close();
  }
}

const scoreRowsSql = () => readSql(import.meta.url, 'score-rows.sql');

/** Temp tables (they work in a read-only database too, as shards open it) for score-rows.sql; returns its parameters. */
async function stage(
  db: Database,
  scored: ScoredColumns,
  population: PopulationColumns,
  target: Target,
  ids: Ids,
): Promise<Params> {
  const n = scored.churnProb.length;
  const { ids: reasonIds, impacts, sentences } = scored.reasons;
  if (reasonIds.length !== 3) throw new Error(`score-rows.sql takes 3 reasons per customer, got ${reasonIds.length}`);
  await db.run(
    `CREATE OR REPLACE TEMP TABLE score_numbers (
       pos INTEGER, churn_prob DOUBLE, predicted_value DOUBLE, risk_tier UTINYINT, value_tier UTINYINT, action UTINYINT,
       reason_1 INTEGER, reason_2 INTEGER, reason_3 INTEGER, impact_1 DOUBLE, impact_2 DOUBLE, impact_3 DOUBLE,
       p_alive DOUBLE, expected_purchases DOUBLE, btyd_clv DOUBLE,
       ${INTERVAL_COLUMNS.map((c) => `${c} DOUBLE`).join(', ')});
     CREATE OR REPLACE TEMP TABLE reason_sentences (id INTEGER, code VARCHAR, json VARCHAR);
     ${readSql(import.meta.url, 'score-macros.sql')}`,
    {},
    'scores (staging tables)',
  );
  const pos = new Int32Array(n);
  for (let i = 0; i < n; i++) pos[i] = i;
  await db.appendColumns('score_numbers', [
    pos,
    scored.churnProb,
    scored.value,
    scored.riskTier,
    population.valueTier,
    population.action,
    ...reasonIds,
    ...impacts,
    scored.pAlive,
    scored.expectedPurchases,
    scored.clv,
    ...INTERVAL_COLUMNS.map((c) => scored.intervals[c]),
  ]);
  await appendSentences(db, sentences);
  await stageIds(db, ids, target.asOf);
  const [{ rows }] = await db.all<{ rows: number }>(
    'SELECT count(*) AS rows FROM score_ids',
    {},
    'scores (customer ids)',
  );
  if (rows !== n)
    throw new Error(`the snapshot at ${target.asOf} changed while scoring: ${rows} customers, ${n} scored`);
  return {
    model_id: target.modelId,
    as_of: target.asOf,
    explanations: target.explanations,
    interval_level: target.intervalLevel,
    risk_tiers: [...RISK_TIERS],
    value_tiers: [...VALUE_TIERS],
    actions: ACTION_RULES.map((rule) => rule.code),
  };
}

async function dropStaging(db: Database): Promise<void> {
  await db
    .run(
      'DROP TABLE IF EXISTS score_numbers; DROP TABLE IF EXISTS reason_sentences; DROP TABLE IF EXISTS score_ids;',
      {},
      'scores (drop staging)',
    )
    .catch(() => {});
}

/** DuckDB takes file names in COPY and read_parquet as literals only: quote them. */
export function sqlString(text: string): string {
  return text.replace(/'/g, "''");
}

/** The distinct reason sentences, each JSON object left open for its impact (score-rows.sql closes it). */
async function appendSentences(db: Database, sentences: ScoredColumns['reasons']['sentences']): Promise<void> {
  const appender = await db.appender('reason_sentences');
  sentences.forEach((s, id) => {
    appender.appendInteger(id);
    appender.appendVarchar(s.code);
    appender.appendVarchar(JSON.stringify({ code: s.code, en: s.en, 'zh-CN': s.zh }).slice(0, -1));
    appender.endRow();
  });
  appender.closeSync();
}

/** score_ids: each scored position's customer id (given, or the snapshot's order). */
async function stageIds(db: Database, ids: Ids, asOf: string): Promise<void> {
  if (ids !== 'snapshot') {
    await db.run(
      'CREATE OR REPLACE TEMP TABLE score_ids (pos INTEGER, customer_id VARCHAR)',
      {},
      'scores (customer ids)',
    );
    const ap = await db.appender('score_ids');
    ids.forEach((id, i) => {
      ap.appendInteger(i);
      ap.appendVarchar(id);
      ap.endRow();
    });
    ap.closeSync();
  } else {
    // The customers by the position readSnapshot read them in: the same rows, ordered by customer id.
    await db.run(
      `CREATE OR REPLACE TEMP TABLE score_ids AS
         SELECT CAST(row_number() OVER (ORDER BY customer_id) - 1 AS INTEGER) AS pos, customer_id
         FROM features WHERE cutoff = CAST($as_of AS DATE)`,
      { as_of: asOf },
      'scores (customer ids)',
    );
  }
}
