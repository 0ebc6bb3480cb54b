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
import { evaluate, type Evaluation } from '../../models/eval/evaluate.ts';
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
  const train = toTrainingSet(await readSnapshot(db, trainCutoff));
  const valid = toTrainingSet(await readSnapshot(db, validCutoff));
  if (train.rows < 50 || valid.rows < 50) {
    throw new UserError(`too few customers to train: ${train.rows} at ${trainCutoff}, ${valid.rows} at ${validCutoff} (need 50 each)`);
  }

  const progress = logger.progress('training', config.model.epochs);
  const model = await ChurnClvModel.train(
    train,
    valid,
    { numeric: NUMERIC_FEATURES, categorical: CATEGORICAL_FEATURES },
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
  });

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
  await writeEvaluation(path, evaluation, model.metadata.history);

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

async function writeEvaluation(dir: string, evaluation: Evaluation, history: unknown): Promise<void> {
  await writeFile(join(dir, 'evaluation.json'), JSON.stringify({ ...evaluation, lossCurve: history }, null, 2) + '\n');
}
