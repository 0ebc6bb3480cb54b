// Score stage: features at the as-of date, the champion model's (calibrated) churn probability and
// value, then risk tier, value at risk, reasons ranked by the model's attributions and a first
// recommended action per customer, written to `scores`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Preprocessor } from '../../models/churn-clv/preprocess.ts';
import { initBackend } from '../../models/churn-clv/backend.ts';
import { btydFeatureColumns, BTYD_FEATURES } from '../btyd/btyd-features.ts';
import { recordFits } from '../btyd/btyd-fits.ts';
import { alignBtyd, customerBtyd } from '../btyd/customer-btyd.ts';
import { ChurnClvModel } from '../../models/churn-clv/churn-clv-model.ts';
import type { Config } from '../config/config-schema.ts';
import type { Database } from '../db/database.ts';
import { UserError } from '../errors.ts';
import { buildSnapshot, readSnapshot } from '../features/build-features.ts';
import { CATEGORICAL_FEATURES, NUMERIC_FEATURES } from '../features/feature-list.ts';
import { resolveAsOf } from '../history.ts';
import { readChampion } from '../train/registry.ts';
import { silentLogger, type Logger } from '../log.ts';
import { valueTiers } from '../plan/segments.ts';
import { actionFor, riskTier, type RiskTier } from './actions.ts';
import { DRIVER_CODES, driverGroups } from './drivers.ts';
import { reasonsFor } from './reasons.ts';

export interface ScoreOptions {
  asOf?: string;
  config: Config;
  /** Model to use; default: the champion (`churn models promote`), else the most recently trained one. */
  modelId?: string;
  /** The registry directory holding champion.json (default: none, the latest model). */
  modelsDir?: string;
  logger?: Logger;
}

export interface ScoreResult {
  asOf: string;
  modelId: string;
  customers: number;
  tiers: Record<RiskTier, number>;
  valueAtRisk: number;
  predictedValue: number;
}

export async function scoreStage(db: Database, options: ScoreOptions): Promise<ScoreResult> {
  const logger = options.logger ?? silentLogger;
  const { config } = options;
  const { asOf } = await resolveAsOf(db, options.asOf);
  const { modelId, path } = await findModel(db, options.modelId, options.modelsDir);
  const backend = await initBackend();
  logger.info(`tfjs backend: ${backend}`);
  const model = await ChurnClvModel.load(path);

  await buildSnapshot(db, {
    cutoff: asOf,
    horizonDays: config.horizonDays,
    valueHorizonDays: config.valueHorizonDays,
    observedUntil: asOf,
  });
  await checkFeatureList(db, modelId, model.metadata.preprocessor);
  const snapshot = await readSnapshot(db, asOf);
  const n = snapshot.customerIds.length;
  // BG/NBD x Gamma-Gamma on the same history: P(alive), expected purchases and CLV for the scores,
  // and the network's extra inputs when it was trained with them.
  const btyd = await customerBtyd(db, { cutoff: asOf, horizonDays: config.horizonDays, valueHorizonDays: config.valueHorizonDays });
  for (const problem of btyd.problems) logger.warn(problem);
  await recordFits(db, asOf, btyd);
  const aligned = alignBtyd(btyd, snapshot.customerIds);
  Object.assign(snapshot.numeric, btydFeatureColumns(aligned));
  const { churnProb, value } = model.predict(snapshot, n);
  // Attribution of each customer's churn score to the reason groups (older models without a reference
  // row fall back to the rule order).
  const attributions = model.metadata.reference ? model.attribute(snapshot, n, driverGroups(model.metadata.inputs)) : null;
  model.dispose();
  const vTiers = valueTiers(value);

  await db.run('DELETE FROM scores WHERE as_of = CAST($as_of AS DATE)', { as_of: asOf }, 'scores (clear)');
  // Databases scored before these columns existed get them now (CREATE TABLE IF NOT EXISTS keeps old tables).
  await db.run(
    `ALTER TABLE scores ADD COLUMN IF NOT EXISTS p_alive DOUBLE;
     ALTER TABLE scores ADD COLUMN IF NOT EXISTS expected_purchases DOUBLE;
     ALTER TABLE scores ADD COLUMN IF NOT EXISTS btyd_clv DOUBLE;`,
    {},
    'scores (btyd columns)',
  );
  const appender = await db.appender('scores');
  const tiers: Record<RiskTier, number> = { high: 0, medium: 0, low: 0 };
  let valueAtRisk = 0;
  let predictedValue = 0;
  const num = snapshot.numeric;
  for (let i = 0; i < n; i++) {
    const prob = churnProb[i];
    const tier = riskTier(prob, config.riskThresholds);
    const reasons = reasonsFor({
      recency_days: num.recency_days[i],
      gap_mean_days: num.gap_mean_days[i],
      frequency_total: num.frequency_total[i],
      unresolved_tickets: num.unresolved_tickets[i],
      has_survey: num.has_survey[i],
      last_survey_score: num.last_survey_score[i],
      login_trend: num.login_trend[i],
      purchase_trend: num.purchase_trend[i],
      days_since_login: num.days_since_login[i],
      tenure_days: num.tenure_days[i],
      plan: snapshot.categorical.plan[i],
    }, 3, attributions ? Object.fromEntries(DRIVER_CODES.map((code, g) => [code, attributions[g][i]])) : undefined);
    const action = actionFor({ riskTier: tier, valueTier: vTiers[i], reasonCodes: reasons.map((r) => r.code) });
    const var_ = prob * value[i];
    tiers[tier]++;
    valueAtRisk += var_;
    predictedValue += value[i];
    appender.appendVarchar(modelId);
    appender.appendVarchar(asOf);
    appender.appendVarchar(snapshot.customerIds[i]);
    appender.appendDouble(prob);
    appender.appendVarchar(tier);
    appender.appendDouble(value[i]);
    appender.appendVarchar(vTiers[i]);
    appender.appendDouble(var_);
    appender.appendVarchar(action.code);
    appender.appendVarchar(reasons.map((r) => r.code).join(';'));
    appender.appendVarchar(JSON.stringify(reasons.map((r) => ({ code: r.code, ...r.label, ...(r.impact === undefined ? {} : { impact: r.impact }) }))));
    for (const column of [aligned.pAlive, aligned.expectedPurchases, aligned.clv]) {
      if (Number.isNaN(column[i])) appender.appendNull();
      else appender.appendDouble(column[i]);
    }
    appender.endRow();
  }
  appender.closeSync();
  return { asOf, modelId, customers: n, tiers, valueAtRisk, predictedValue };
}

export async function findModel(db: Database, modelId?: string, modelsDir?: string): Promise<{ modelId: string; path: string }> {
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
    throw new UserError(wanted === undefined ? 'no trained model: run `churn train` first' : `no model with id ${wanted}`);
  }
  if (!existsSync(rows[0].path)) throw new UserError(`model ${rows[0].model_id} is missing on disk: ${rows[0].path}`);
  return { modelId: rows[0].model_id, path: rows[0].path };
}

/** The model's feature columns must be exactly the database's: same names, none missing, none new. */
async function checkFeatureList(db: Database, modelId: string, pre: Preprocessor): Promise<void> {
  const rows = await db.all<{ name: string }>(
    "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'features' ORDER BY ordinal_position",
    {},
    'features (columns)',
  );
  const available = new Set([...rows.map((r) => r.name), ...BTYD_FEATURES.map((f) => f.name)]);
  const expected = new Set([...NUMERIC_FEATURES.map((f) => f.name), ...CATEGORICAL_FEATURES]);
  const used = [...pre.numeric.map((c) => c.name), ...pre.categorical.map((c) => c.name)];
  const missing = used.filter((name) => !available.has(name));
  const unknown = [...expected].filter((name) => !used.includes(name));
  if (missing.length || unknown.length) {
    throw new UserError(
      `model ${modelId} does not match this database's features` +
        (missing.length ? `: the model needs ${missing.join(', ')}, which the features do not have` : '') +
        (unknown.length ? `${missing.length ? ';' : ':'} the features have ${unknown.join(', ')}, which the model was not trained on` : '') +
        '; train a model on these features (`churn train`) or score with a matching version (`churn models list`)',
    );
  }
}
