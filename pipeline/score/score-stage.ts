// Score stage: features at the as-of date, the champion model's (calibrated) churn probability and
// value, then risk tier, value at risk, reasons ranked by the model's attributions and a first
// recommended action per customer, written to `scores`. Or one shard of the customers written to a
// Parquet file, and the merge of those files (docs/scaling.md).
import {
  emptyIntervals,
  fillBtydIntervals,
  fillChurnIntervals,
  fillValueIntervals,
  startBtydBands,
  type IntervalColumns,
} from './score-intervals.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Preprocessor } from '../../models/churn-clv/preprocess.ts';
import { initBackend } from '../../models/churn-clv/backend.ts';
import { btydFeatureColumns, BTYD_FEATURES } from '../btyd/btyd-features.ts';
import { recordFits } from '../btyd/btyd-fits.ts';
import type { BtydIntervals } from '../btyd/btyd-intervals.ts';
import {
  alignBtyd,
  computeBtyd,
  computeBtydInWorker,
  customerBtyd,
  readBtydSummary,
  type CustomerBtyd,
} from '../btyd/customer-btyd.ts';
import { ShippedModel } from '../../models/ensemble/shipped.ts';
import type { Config } from '../config/config-schema.ts';
import type { Database } from '../db/database.ts';
import { UsageError, UserError } from '../errors.ts';
import { buildSnapshot, featuresQuery, readSnapshot, type Snapshot } from '../features/build-features.ts';
import { currentSnapshot } from '../features/snapshot-state.ts';
import { categoricalFeatures, featureSet, numericFeatures, type FeatureSet } from '../features/feature-set.ts';
import { resolveAsOf } from '../history.ts';
import { readChampion } from '../train/model-registry.ts';
import { silentLogger, type Logger } from '../log.ts';
import { phaseTimer, type PhaseTimer } from '../timer.ts';
import { RISK_TIERS, VALUE_TIERS, type RiskTier } from '../vocabulary.ts';
import { ACTION_RULES } from './actions.ts';
import { riskTiers as tiersOf } from './risk-tiers.ts';
import { gapContext, typicalGapDays } from './gap-context.ts';
import { inferShipped, type Inference } from './inference.ts';
import { reasonColumns } from './reason-columns.ts';
import { reasonBook } from './reason-book.ts';
import { holdingMasks, type ReasonInput } from './reasons.ts';
import { shardCondition, shardParams, type Shard } from './shard.ts';
import {
  populationColumns,
  reasonCodesOf,
  riskTierIndex,
  sqlString,
  writeScores,
  writeShardFile,
  type ScoredColumns,
} from './write-scores.ts';

export interface ScoreOptions {
  asOf?: string;
  config: Config;
  /** Model to use; default: the champion (`churn models promote`), else the most recently trained one. */
  modelId?: string;
  /** The registry directory holding champion.json (default: none, the latest model). */
  modelsDir?: string;
  logger?: Logger;
  /** Worker threads for the network (default 1: this thread). Same scores either way. */
  workers?: number;
  /** Rank reasons by the model's attributions (default true); false keeps the rule order, much faster. */
  explanations?: boolean;
  /**
   * Score only this shard of the customers into the Parquet file `out`, leaving the database
   * untouched (it may be open read-only, by many shards at once); `mergeShards` loads the files.
   */
  shard?: Shard;
  out?: string;
  /**
   * Use the feature snapshot already in the database at the as-of date instead of rebuilding it (the
   * caller vouches it is current: `churn features` ran after the last load). Shards always do.
   */
  reuseFeatures?: boolean;
  /** Build the snapshot even when the one in the database is current. */
  rebuildFeatures?: boolean;
}

export interface ScoreResult {
  asOf: string;
  modelId: string;
  customers: number;
  tiers: Record<RiskTier, number>;
  valueAtRisk: number;
  predictedValue: number;
  backend: string;
  workers: number;
  explanations: boolean;
  /** Where the feature snapshot came from: built now, found current, or given (`--reuse-features`, shards). */
  snapshot: 'built' | 'current' | 'given';
  /** Seconds per part, to see where scoring time goes. */
  phases: Record<string, number>;
  shard?: string;
  out?: string;
}

/** From this many customers with a purchase, the BTYD fits run on a worker thread beside the snapshot read. */
const BTYD_WORKER_CUSTOMERS = 50_000;

export async function scoreStage(db: Database, options: ScoreOptions): Promise<ScoreResult> {
  const logger = options.logger ?? silentLogger;
  const { config, shard } = options;
  if (shard && !options.out)
    throw new UsageError('--shard needs --out FILE.parquet: a shard writes its rows to its own file');
  const phases = phaseTimer();
  const { asOf } = await resolveAsOf(db, options.asOf);
  const { modelId, path } = await findModel(db, options.modelId, options.modelsDir);
  const backend = await initBackend();
  logger.info(`tfjs backend: ${backend}`);
  const model = await ShippedModel.load(path);
  const snapshotSource = await prepareSnapshot(db, asOf, options, logger);
  phases.mark('features');
  // What this history's snapshot holds: checked against the model, and the reasons it can give.
  const features = await featureSet(db);
  await checkFeatureList(db, modelId, model.network.metadata.preprocessor, features, logger);
  const { snapshot, aligned, btyd } = await readWithBtyd(db, asOf, options, logger, phases);
  const n = snapshot.customerIds.length;
  const level = config.intervals.level;
  const bands = startBtydBands(btyd, {
    horizonDays: config.horizonDays,
    valueHorizonDays: config.valueHorizonDays,
    level,
  });
  bands?.catch(() => {}); // awaited after the network; a rejection before then must not go unhandled
  const workers = options.workers ?? 1;
  const explanations = options.explanations ?? true;
  const typicalGap = await typicalGapDays(db, asOf);
  const { book, input, fill, only } = reasonSetup(features, snapshot, btyd, typicalGap, explanations);
  const inference = await inferShipped(model, path, snapshot, n, aligned, {
    workers,
    explanations,
    only,
    drivers: book.drivers,
    churnLevel: level,
  });
  const { churnProb, value, attributions } = inference;
  model.dispose();
  phases.mark('network');
  const intervals = await intervalColumns(
    n,
    inference,
    model.network.metadata,
    btyd,
    bands,
    snapshot.customerIds,
    level,
  );
  phases.mark('intervals');

  const tiers = tiersOf(churnProb, value, config);
  const riskTiers = Uint8Array.from(tiers, riskTierIndex);
  const reasons = reasonColumns(n, fill, input, attributions, { holding: only, rules: book.rules, codes: book.codes });
  const scored: ScoredColumns = {
    churnProb,
    value,
    riskTier: riskTiers,
    reasons,
    pAlive: aligned.pAlive,
    expectedPurchases: aligned.expectedPurchases,
    clv: aligned.clv,
    intervals,
  };
  phases.mark('reasons');

  const target = { modelId, asOf, explanations: attributions !== null, intervalLevel: config.intervals.level };
  if (shard) await writeShardFile(scored, snapshot.customerIds, target, options.out!);
  else await writeScores(db, scored, populationColumns(value, riskTiers, reasonCodesOf(reasons)), target);
  phases.mark('write');
  return {
    ...summarise(asOf, modelId, churnProb, value, tiers),
    backend,
    workers,
    explanations: explanations && attributions !== null,
    snapshot: snapshotSource,
    phases: phases.seconds(),
    ...(shard ? { shard: `${shard.index}/${shard.count}`, out: options.out } : {}),
  };
}

/** Every interval column: the model's own (value, churn) and, once the worker is done, the BTYD bands and the next purchase. */
async function intervalColumns(
  n: number,
  inference: Inference,
  metadata: ShippedModel['network']['metadata'],
  btyd: CustomerBtyd,
  bands: Promise<BtydIntervals> | null,
  customerIds: readonly string[],
  level: number,
): Promise<IntervalColumns> {
  const intervals = emptyIntervals(n);
  fillValueIntervals(intervals, metadata, inference.value, level);
  fillChurnIntervals(intervals, inference);
  fillBtydIntervals(intervals, btyd, bands ? await bands : null, customerIds, level, metadata);
  return intervals;
}

/** The feature snapshot at the as-of date: given (shards, --reuse-features), found current, or built now. */
async function prepareSnapshot(
  db: Database,
  asOf: string,
  options: ScoreOptions,
  logger: Logger,
): Promise<ScoreResult['snapshot']> {
  const { config, shard } = options;
  if (shard || options.reuseFeatures) {
    // Shards only read: the snapshot is built once beforehand (`churn features`), not by each shard.
    const [row] = await db.all<{ n: number }>(
      'SELECT count(*) AS n FROM features WHERE cutoff = CAST($as_of AS DATE)',
      { as_of: asOf },
      'features (count)',
    );
    if (row.n === 0)
      throw new UserError(
        `no feature snapshot at ${asOf}: run \`churn features --as-of ${asOf}\` before scoring ${shard ? 'shards' : 'with --reuse-features'}`,
      );
    return 'given';
  }
  if (
    !options.rebuildFeatures &&
    (await currentSnapshot(db, asOf, (await featuresQuery(db, config.churn)).sql, config.churn))
  ) {
    logger.info(`features: the snapshot at ${asOf} is current (same history, same features.sql); scoring it as it is`);
    return 'current';
  }
  await buildSnapshot(db, {
    cutoff: asOf,
    horizonDays: config.horizonDays,
    valueHorizonDays: config.valueHorizonDays,
    observedUntil: asOf,
    churn: config.churn,
    voice: config.voice,
    seed: config.seed,
    logger,
  });
  return 'built';
}

/**
 * The snapshot's rows (this shard's) with the BTYD outputs beside them: BG/NBD x Gamma-Gamma on the
 * same history gives P(alive), expected purchases and CLV for the scores, and the network's extra
 * inputs when it was trained with them. A shard fits on every customer too: the fit describes the
 * whole base, and a shard's scores must not depend on the sharding. For a large base the fits run on
 * a worker thread while this one reads the snapshot.
 */
async function readWithBtyd(db: Database, asOf: string, options: ScoreOptions, logger: Logger, phases: PhaseTimer) {
  const { config, shard } = options;
  const horizons = { cutoff: asOf, horizonDays: config.horizonDays, valueHorizonDays: config.valueHorizonDays };
  const summary = await readBtydSummary(db, { ...horizons, fromSnapshot: true });
  const pending = summary.customerIds.length >= BTYD_WORKER_CUSTOMERS ? computeBtydInWorker(summary, horizons) : null;
  pending?.catch(() => {}); // awaited below; a rejection before then must not go unhandled
  const filter = shard ? { condition: shardCondition('customer_id'), params: shardParams(shard) } : undefined;
  const snapshot = await readSnapshot(db, asOf, filter, { labels: false });
  phases.mark('read');
  const btyd = pending ? await pending : computeBtyd(summary, horizons);
  for (const problem of btyd.problems) logger.warn(problem);
  if (!shard) await recordFits(db, asOf, btyd);
  const aligned = alignBtyd(btyd, snapshot.customerIds);
  Object.assign(snapshot.numeric, btydFeatureColumns(aligned));
  phases.mark('btyd');
  return { snapshot, aligned, btyd };
}

/**
 * One input object for the reason rules, refilled per customer by `fill(i)`: at 1M customers,
 * allocating one per row cost as much as the rules themselves.
 */
/** The reasons this history can give, their inputs per customer and, with explanations, where each holds. */
function reasonSetup(
  features: FeatureSet,
  snapshot: Snapshot,
  btyd: CustomerBtyd,
  typicalGap: number,
  explanations: boolean,
) {
  const book = reasonBook(features.eventTypes, features.subscriptions, features.voice, features.signals);
  const gaps = gapContext(btyd, snapshot.customerIds, typicalGap);
  const { input, fill } = reasonInputs({ ...snapshot, numeric: { ...snapshot.numeric, ...gaps } }, book.inputs);
  // Attributions are needed only where a reason holds (they rank and weigh the reasons shown).
  const n = snapshot.customerIds.length;
  const only = explanations ? holdingMasks(n, fill, input, book.codes, book.rules) : undefined;
  return { book, input, fill, only };
}

function reasonInputs(
  snapshot: {
    numeric: Record<string, ArrayLike<number>>;
    categorical: Record<string, readonly string[]>;
  },
  names: readonly string[],
) {
  const input = { ...Object.fromEntries(names.map((name) => [name, 0])), plan: '' } as unknown as ReasonInput;
  const values = input as unknown as Record<string, number>;
  const inputColumns = names.map((name) => snapshot.numeric[name]);
  const fill = (i: number) => {
    for (let k = 0; k < names.length; k++) values[names[k]] = inputColumns[k][i];
    input.plan = snapshot.categorical.plan[i];
  };
  return { input, fill };
}

function summarise(
  asOf: string,
  modelId: string,
  churnProb: ArrayLike<number>,
  value: ArrayLike<number>,
  riskTiers: readonly RiskTier[],
) {
  const tiers: Record<RiskTier, number> = { high: 0, medium: 0, low: 0 };
  let valueAtRisk = 0;
  let predictedValue = 0;
  for (let i = 0; i < riskTiers.length; i++) {
    tiers[riskTiers[i]]++;
    valueAtRisk += churnProb[i] * value[i];
    predictedValue += value[i];
  }
  return { asOf, modelId, customers: riskTiers.length, tiers, valueAtRisk, predictedValue };
}

/**
 * Loads shard files written by `scoreStage({ shard, out })` into `scores`: they must hold one as-of
 * date and model, no customer twice, and together exactly the customers of the feature snapshot at
 * that date (so a missing or repeated shard is refused). Value tiers and actions are computed here,
 * over all customers, and the BTYD fits recorded, as an unsharded run does.
 */
export async function mergeShards(
  db: Database,
  files: readonly string[],
  options: { config: Config; logger?: Logger },
): Promise<ScoreResult> {
  const logger = options.logger ?? silentLogger;
  const phases = phaseTimer();
  for (const file of files) if (!existsSync(file)) throw new UserError(`shard file not found: ${file}`);
  const source = `read_parquet([${files.map((f) => `'${sqlString(f)}'`).join(', ')}])`;
  await db.run(`CREATE OR REPLACE TEMP TABLE merge_scores AS SELECT * FROM ${source}`, {}, 'merge (read shards)');
  try {
    const { asOf, modelId } = await checkShards(db);
    phases.mark('read');
    await stagePopulation(db, options.config);
    phases.mark('population');
    await db.transaction(() =>
      db.run(
        `DELETE FROM scores WHERE as_of = CAST($as_of AS DATE);
         INSERT INTO scores BY NAME
           SELECT s.* EXCLUDE (rank, risk_tier), $risk_tiers[p.risk_tier + 1] AS risk_tier,
                  $value_tiers[p.value_tier + 1] AS value_tier, $actions[p.action + 1] AS action
           FROM (SELECT *, CAST(row_number() OVER (ORDER BY customer_id) - 1 AS INTEGER) AS rank FROM merge_scores) s JOIN merge_population p USING (rank)
           ORDER BY s.customer_id;`,
        {
          as_of: asOf,
          risk_tiers: [...RISK_TIERS],
          value_tiers: [...VALUE_TIERS],
          actions: ACTION_RULES.map((rule) => rule.code),
        },
        'merge (insert scores)',
      ),
    );
    phases.mark('write');
    const btyd = await customerBtyd(db, {
      cutoff: asOf,
      horizonDays: options.config.horizonDays,
      valueHorizonDays: options.config.valueHorizonDays,
      fromSnapshot: true,
    });
    for (const problem of btyd.problems) logger.warn(problem);
    await recordFits(db, asOf, btyd);
    phases.mark('btyd');
    const [total] = await db.all<{ n: number; var: number; value: number; high: number; medium: number; low: number }>(
      `SELECT count(*) AS n, sum(value_at_risk) AS var, sum(predicted_value) AS value,
              count(*) FILTER (risk_tier = 'high') AS high, count(*) FILTER (risk_tier = 'medium') AS medium, count(*) FILTER (risk_tier = 'low') AS low
       FROM scores WHERE as_of = CAST($as_of AS DATE)`,
      { as_of: asOf },
      'merge (summary)',
    );
    return {
      asOf,
      modelId,
      customers: total.n,
      tiers: { high: total.high, medium: total.medium, low: total.low },
      valueAtRisk: total.var,
      predictedValue: total.value,
      backend: 'none',
      workers: 0,
      explanations: false,
      snapshot: 'given',
      phases: phases.seconds(),
    };
  } finally {
    await db
      .run('DROP TABLE IF EXISTS merge_scores; DROP TABLE IF EXISTS merge_population;', {}, 'merge (drop temp)')
      .catch(() => {});
  }
}

/** The loaded shards (merge_scores) hold one as-of date and model, each customer once, and exactly the snapshot's customers. */
async function checkShards(db: Database): Promise<{ asOf: string; modelId: string }> {
  const keys = await db.all<{ as_of: string; model_id: string; rows: number; customers: number }>(
    `SELECT strftime(as_of, '%Y-%m-%d') AS as_of, model_id, count(*) AS rows, count(DISTINCT customer_id) AS customers
     FROM merge_scores GROUP BY ALL`,
    {},
    'merge (check)',
  );
  if (keys.length !== 1)
    throw new UserError(
      `shard files mix ${keys.length} as-of dates or models: ${keys.map((k) => `${k.as_of} ${k.model_id}`).join(', ')}`,
    );
  const { as_of: asOf, model_id: modelId } = keys[0];
  if (keys[0].rows !== keys[0].customers)
    throw new UserError(
      `shard files hold ${keys[0].rows - keys[0].customers} customers more than once: is a shard given twice?`,
    );
  const [cover] = await db.all<{ snapshot: number; missing: number; extra: number }>(
    `SELECT (SELECT count(*) FROM features WHERE cutoff = CAST($as_of AS DATE)) AS snapshot,
            (SELECT count(*) FROM features f WHERE cutoff = CAST($as_of AS DATE) AND customer_id NOT IN (SELECT customer_id FROM merge_scores)) AS missing,
            (SELECT count(*) FROM merge_scores WHERE customer_id NOT IN (SELECT customer_id FROM features WHERE cutoff = CAST($as_of AS DATE))) AS extra`,
    { as_of: asOf },
    'merge (coverage)',
  );
  if (cover.missing || cover.extra) {
    throw new UserError(
      `shard files do not cover the ${cover.snapshot} customers of the snapshot at ${asOf}: ${cover.missing} missing, ${cover.extra} not in it (a shard missing, or shards of another run)`,
    );
  }
  return { asOf, modelId };
}

async function findModel(
  db: Database,
  modelId?: string,
  modelsDir?: string,
): Promise<{ modelId: string; path: string }> {
  const wanted = modelId ?? (modelsDir ? (readChampion(modelsDir) ?? undefined) : undefined);
  const rows = await db.all<{ model_id: string; path: string }>(
    wanted === undefined
      ? 'SELECT model_id, path FROM models ORDER BY created_at DESC, model_id DESC LIMIT 1'
      : 'SELECT model_id, path FROM models WHERE model_id = $id',
    wanted === undefined ? {} : { id: wanted },
    'models (find)',
  );
  if (rows.length === 0 && wanted !== undefined && modelsDir && existsSync(join(modelsDir, wanted, 'metadata.json'))) {
    // A version from the registry that this database never trained (copied in): use it from disk.
    return { modelId: wanted, path: join(modelsDir, wanted) };
  }
  if (rows.length === 0) {
    throw new UserError(
      wanted === undefined ? 'no trained model: run `churn train` first' : `no model with id ${wanted}`,
    );
  }
  if (!existsSync(rows[0].path)) throw new UserError(`model ${rows[0].model_id} is missing on disk: ${rows[0].path}`);
  return { modelId: rows[0].model_id, path: rows[0].path };
}

/**
 * The model's feature columns must all be in the database's. Features the database has and the model
 * was not trained on (an attribute declared since, a newer version's features) do not stop scoring:
 * the model scores without them, and the warning says to train one that uses them.
 */
async function checkFeatureList(
  db: Database,
  modelId: string,
  pre: Preprocessor,
  set: FeatureSet,
  logger: Logger,
): Promise<void> {
  const rows = await db.all<{ name: string }>(
    "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'features' ORDER BY ordinal_position",
    {},
    'features (columns)',
  );
  const available = new Set([...rows.map((r) => r.name), ...BTYD_FEATURES.map((f) => f.name)]);
  const expected = new Set([...numericFeatures(set).map((f) => f.name), ...categoricalFeatures(set)]);
  const used = [...pre.numeric.map((c) => c.name), ...pre.categorical.map((c) => c.name)];
  const missing = used.filter((name) => !available.has(name));
  const unknown = [...expected].filter((name) => !used.includes(name));
  const unused = `the features have ${unknown.join(', ')}, which the model was not trained on`;
  if (missing.length) {
    throw new UserError(
      `model ${modelId} does not match this database's features: the model needs ${missing.join(', ')}, which the features do not have` +
        (unknown.length ? `; ${unused}` : '') +
        '; train a model on these features (`churn train`) or score with a matching version (`churn models list`)',
    );
  }
  if (unknown.length) logger.warn(`model ${modelId}: ${unused}; it scores without them (\`churn train\` to use them)`);
}

/** The stage's one-line summary. */
export function scoreLine(s: ScoreResult): string {
  return (
    `${s.customers.toLocaleString('en')} customers with ${s.modelId}: ${s.tiers.high.toLocaleString('en')} high, ` +
    `${s.tiers.medium.toLocaleString('en')} medium risk; value at risk ${s.valueAtRisk.toLocaleString('en', { maximumFractionDigits: 0 })}`
  );
}

/** merge_population: value tiers and actions computed over every merged customer, by rank of customer id. */
/** What ranks customers against each other, over all shards: value tiers, actions and (by share) risk tiers. */
async function stagePopulation(db: Database, config: Config): Promise<void> {
  const cols = await db.vectors(
    `SELECT churn_prob, predicted_value, reasons FROM merge_scores ORDER BY customer_id`,
    {},
    'merge (population)',
  );
  const reasonCodes = cols.other.reasons as string[];
  // A shard ranked tiers by share among its own customers only: ranked again over everyone.
  const riskTier = Uint8Array.from(
    tiersOf(cols.numeric.churn_prob, cols.numeric.predicted_value, config),
    riskTierIndex,
  );
  const population = populationColumns(cols.numeric.predicted_value, riskTier, (i) =>
    reasonCodes[i] === '' ? [] : reasonCodes[i].split(';'),
  );
  await db.run(
    'CREATE OR REPLACE TEMP TABLE merge_population (rank INTEGER, risk_tier UTINYINT, value_tier UTINYINT, action UTINYINT)',
    {},
    'merge (population table)',
  );
  await db.appendColumns('merge_population', [
    Int32Array.from({ length: cols.rows }, (_, i) => i),
    riskTier,
    population.valueTier,
    population.action,
  ]);
}
