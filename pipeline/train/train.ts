// Train stage: two point-in-time snapshots (time split), the multi-task model fitted on the earlier one
// and validated on the later one, saved to disk and recorded in the `models` table.
//
//   validation cutoff V = asOf - max(H, Hv)   both labels fully observed by asOf
//   training cutoff   T = V - H               its churn window ends where validation's begins
// The training snapshot's value window (Hv days) may run past V; that is stated in the metadata.
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../models/churn-clv/backend.ts';
import { ChurnClvModel, type TrainingSet } from '../../models/churn-clv/churn-clv-model.ts';
import { TRANSACTION_MODELS } from '../../models/btyd/index.ts';
import { evaluate, type Evaluation } from '../../models/eval/evaluate.ts';
import { btydBaseline, btydFeatureColumns, BTYD_FEATURES } from '../btyd/btyd-features.ts';
import { alignBtyd, customerBtyd, type CustomerBtyd } from '../btyd/customer-btyd.ts';
import { compareHoldout, type HoldoutComparison } from '../btyd/holdout.ts';
import { readRepeatDays } from '../btyd/rfm.ts';
import type { Config } from '../config/config-schema.ts';
import type { Database } from '../db/database.ts';
import { addDays, daysBetween } from '../dates.ts';
import { UserError } from '../errors.ts';
import { buildSnapshot, readSnapshot, type Snapshot } from '../features/build-features.ts';
import { CATEGORICAL_FEATURES, NUMERIC_FEATURES } from '../features/feature-list.ts';
import { resolveAsOf } from '../history.ts';
import { silentLogger, type Logger } from '../log.ts';

export interface TrainOptions {
  asOf?: string;
  config: Config;
  modelsDir: string;
  logger?: Logger;
}

export interface TrainResult {
  modelId: string;
  path: string;
  backend: string;
  asOf: string;
  trainCutoff: string;
  validCutoff: string;
  rows: { train: number; valid: number };
  epochs: number;
  bestEpoch: number;
  evaluation: Evaluation;
}

const MIN_HISTORY_DAYS = 60;

export async function trainStage(db: Database, options: TrainOptions): Promise<TrainResult> {
  const logger = options.logger ?? silentLogger;
  const { config } = options;
  const { asOf, range } = await resolveAsOf(db, options.asOf);
  const horizon = config.horizonDays;
  const valueHorizon = config.valueHorizonDays;
  const validCutoff = addDays(asOf, -Math.max(horizon, valueHorizon));
  const trainCutoff = addDays(validCutoff, -horizon);
  if (range.firstEvent === null || daysBetween(range.firstEvent, trainCutoff) < MIN_HISTORY_DAYS) {
    const needed = Math.max(horizon, valueHorizon) + horizon + MIN_HISTORY_DAYS;
    throw new UserError(
      `not enough history to train at as-of ${asOf}: need events from ${addDays(asOf, -needed)} or earlier ` +
        `(${needed} days: ${MIN_HISTORY_DAYS} of history, a ${horizon}-day training label window and a ` +
        `${Math.max(horizon, valueHorizon)}-day validation window), history starts ${range.firstEvent ?? 'nowhere'}`,
    );
  }

  const backend = await initBackend();
  logger.info(`tfjs backend: ${backend}`);
  const snapshotOptions = { horizonDays: horizon, valueHorizonDays: valueHorizon, observedUntil: asOf };
  await buildSnapshot(db, { cutoff: trainCutoff, ...snapshotOptions });
  await buildSnapshot(db, { cutoff: validCutoff, ...snapshotOptions });
  const trainSnapshot = await readSnapshot(db, trainCutoff);
  const validSnapshot = await readSnapshot(db, validCutoff);
  // BG/NBD x Gamma-Gamma at the validation cutoff is a baseline of every evaluation; at both cutoffs,
  // when configured, its outputs are also inputs of the network.
  const btydOptions = { horizonDays: horizon, valueHorizonDays: valueHorizon };
  const validBtyd = await customerBtyd(db, { cutoff: validCutoff, ...btydOptions, withHoldout: true });
  const validAligned = alignBtyd(validBtyd, validSnapshot.customerIds);
  const useBtyd = config.model.btydFeatures && validBtyd.bgnbd !== null;
  if (useBtyd) {
    const trainBtyd = await customerBtyd(db, { cutoff: trainCutoff, ...btydOptions });
    for (const problem of trainBtyd.problems) logger.warn(problem);
    Object.assign(trainSnapshot.numeric, btydFeatureColumns(alignBtyd(trainBtyd, trainSnapshot.customerIds)));
    Object.assign(validSnapshot.numeric, btydFeatureColumns(validAligned));
  }
  for (const problem of validBtyd.problems) logger.warn(problem);
  const train = toTrainingSet(trainSnapshot);
  const valid = toTrainingSet(validSnapshot);
  if (train.rows < 50 || valid.rows < 50) {
    throw new UserError(`too few customers to train: ${train.rows} at ${trainCutoff}, ${valid.rows} at ${validCutoff} (need 50 each)`);
  }

  const progress = logger.progress('training', config.model.epochs);
  const model = await ChurnClvModel.train(
    train,
    valid,
    { numeric: useBtyd ? [...NUMERIC_FEATURES, ...BTYD_FEATURES] : NUMERIC_FEATURES, categorical: CATEGORICAL_FEATURES },
    { ...config.model, seed: config.seed },
    (log) => progress.tick(log.epoch),
  );
  progress.done();

  const predictions = model.predict(valid, valid.rows);
  const evaluation = evaluate({
    churned: valid.labels.churned,
    churnProb: predictions.churnProb,
    actualValue: valid.labels.value,
    predictedValue: predictions.value,
    recencyDays: valid.numeric.recency_days,
    baselines: validBtyd.bgnbd ? [btydBaseline(validAligned)] : [],
  });
  const btyd = await btydEvaluation(db, validBtyd, useBtyd);

  model.metadata.info = {
    asOf,
    trainCutoff,
    validCutoff,
    horizonDays: horizon,
    valueHorizonDays: valueHorizon,
    note: 'training value labels cover [trainCutoff, trainCutoff + valueHorizonDays), which may extend past validCutoff',
    rows: { train: train.rows, valid: valid.rows },
    seed: config.seed,
    backend,
    versions: { tfjs: tf.version.tfjs, format: model.metadata.format },
    metrics: evaluation.metrics,
    btyd: { features: useBtyd, bgnbd: btyd.fit },
  };
  // Identity from content: same data and seed on the same backend give the same id.
  const staging = join(options.modelsDir, `.staging-${process.pid}`);
  const { weightsSha256 } = await model.save(staging);
  const modelId = `m-${asOf}-${weightsSha256.slice(0, 10)}`;
  const path = join(options.modelsDir, modelId);
  await replaceDir(staging, path);
  model.dispose();

  await db.run('DELETE FROM models WHERE model_id = $id', { id: modelId });
  await db.run(
    `INSERT INTO models VALUES ($id, now()::TIMESTAMP, CAST($as_of AS DATE), CAST($train AS DATE), CAST($valid AS DATE), $path, $backend, $metrics)`,
    {
      id: modelId,
      as_of: asOf,
      train: trainCutoff,
      valid: validCutoff,
      path,
      backend,
      metrics: JSON.stringify({ ...evaluation.metrics, rows: { train: train.rows, valid: valid.rows } }),
    },
    'models (insert)',
  );
  await writeEvaluation(path, evaluation, model.metadata.history, btyd);

  return {
    modelId,
    path,
    backend,
    asOf,
    trainCutoff,
    validCutoff,
    rows: { train: train.rows, valid: valid.rows },
    epochs: model.metadata.history.length,
    bestEpoch: model.metadata.bestEpoch,
    evaluation,
  };
}

function toTrainingSet(snapshot: Snapshot): TrainingSet {
  const rows = snapshot.customerIds.length;
  const churned = new Float32Array(rows);
  const value = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = snapshot.churned[i];
    const v = snapshot.futureValue[i];
    if (c === null || v === null) throw new Error(`snapshot ${snapshot.cutoff} has unobserved labels`);
    churned[i] = c;
    value[i] = v;
  }
  return { rows, numeric: snapshot.numeric, categorical: snapshot.categorical, labels: { churned, value } };
}

async function replaceDir(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  await rename(from, to);
}

async function writeEvaluation(dir: string, evaluation: Evaluation, history: unknown, btyd: BtydEvaluation): Promise<void> {
  await writeFile(join(dir, 'evaluation.json'), JSON.stringify({ ...evaluation, lossCurve: history, btyd }, null, 2) + '\n');
}

interface BtydEvaluation {
  features: boolean;
  fit: { params: Record<string, number>; logLik: number; converged: boolean; customers: number; seconds: number } | null;
  /** BG/NBD's forecast for the validation churn window against what happened (days). */
  holdout: HoldoutComparison | null;
}

async function btydEvaluation(db: Database, btyd: CustomerBtyd, features: boolean): Promise<BtydEvaluation> {
  const fit = btyd.bgnbd;
  if (!fit) return { features, fit: null, holdout: null };
  const { rfm } = btyd;
  const bgnbd = TRANSACTION_MODELS.find((m) => m.name === 'bgnbd')!;
  const daily = await readRepeatDays(db, rfm.calibrationEnd, rfm.holdoutEnd!);
  return {
    features,
    fit: { params: fit.params, logLik: fit.logLik, converged: fit.converged, customers: fit.customers, seconds: fit.seconds },
    holdout: compareHoldout(rfm, [{ model: bgnbd, params: fit.params }], daily),
  };
}
