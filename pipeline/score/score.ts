// Score stage: features at the as-of date, the latest model's churn probability and value, then risk
// tier, value at risk, reasons and a first recommended action per customer, written to `scores`.
import { existsSync } from 'node:fs';
import { initBackend } from '../../models/churn-clv/backend.ts';
import { btydFeatureColumns } from '../btyd/btyd-features.ts';
import { recordFits } from '../btyd/btyd-fits.ts';
import { alignBtyd, customerBtyd } from '../btyd/customer-btyd.ts';
import { ChurnClvModel } from '../../models/churn-clv/churn-clv-model.ts';
import type { Config } from '../config/config-schema.ts';
import type { Database } from '../db/database.ts';
import { UserError } from '../errors.ts';
import { buildSnapshot, readSnapshot } from '../features/build-features.ts';
import { resolveAsOf } from '../history.ts';
import { silentLogger, type Logger } from '../log.ts';
import { actionFor, riskTier, valueTiers, type RiskTier } from './actions.ts';
import { reasonsFor } from './reasons.ts';

export interface ScoreOptions {
  asOf?: string;
  config: Config;
  /** Model to use; default: the most recently trained one in the `models` table. */
  modelId?: string;
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
  const { modelId, path } = await findModel(db, options.modelId);
  const backend = await initBackend();
  logger.info(`tfjs backend: ${backend}`);
  const model = await ChurnClvModel.load(path);

  await buildSnapshot(db, {
    cutoff: asOf,
    horizonDays: config.horizonDays,
    valueHorizonDays: config.valueHorizonDays,
    observedUntil: asOf,
  });
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
    });
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
    appender.appendVarchar(JSON.stringify(reasons.map((r) => ({ code: r.code, ...r.label }))));
    for (const column of [aligned.pAlive, aligned.expectedPurchases, aligned.clv]) {
      if (Number.isNaN(column[i])) appender.appendNull();
      else appender.appendDouble(column[i]);
    }
    appender.endRow();
  }
  appender.closeSync();
  return { asOf, modelId, customers: n, tiers, valueAtRisk, predictedValue };
}

export async function findModel(db: Database, modelId?: string): Promise<{ modelId: string; path: string }> {
  const rows = await db.all<{ model_id: string; path: string }>(
    modelId === undefined
      ? 'SELECT model_id, path FROM models ORDER BY created_at DESC, model_id DESC LIMIT 1'
      : 'SELECT model_id, path FROM models WHERE model_id = $id',
    modelId === undefined ? {} : { id: modelId },
    'models (find)',
  );
  if (rows.length === 0) {
    throw new UserError(modelId === undefined ? 'no trained model: run `churn train` first' : `no model with id ${modelId}`);
  }
  if (!existsSync(rows[0].path)) throw new UserError(`model ${rows[0].model_id} is missing on disk: ${rows[0].path}`);
  return { modelId: rows[0].model_id, path: rows[0].path };
}
