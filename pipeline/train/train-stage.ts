// Train stage: two point-in-time snapshots (time split), the multi-task model fitted on the earlier one
// and validated on the later one, saved to disk and recorded in the `models` table.
//
//   validation cutoff V = asOf - max(H, Hv)   both labels fully observed by asOf
//   training cutoff   T = V - H               its churn window ends where validation's begins
// The training snapshot's value window (Hv days) may run past V; that is stated in the metadata.
// The validation window must end by the last event (asOf at most the day after it), and a model whose
// validation metrics are not finite is not saved: either would be a model measured on nothing.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../models/churn-clv/backend.ts';
import type { EpochTiming } from '../../models/churn-clv/fit.ts';
import { writeHeads } from '../../models/ensemble/shipped.ts';
import { TRANSACTION_MODELS } from '../../models/btyd/index.ts';
import type { Evaluation } from '../../models/eval/evaluate.ts';
import type { CustomerBtyd } from '../btyd/customer-btyd.ts';
import { compareHoldout, type HoldoutComparison } from '../btyd/holdout.ts';
import { readRepeatDays } from '../btyd/rfm.ts';
import type { Config } from '../config/config-schema.ts';
import type { Database } from '../db/database.ts';
import { addDays, daysBetween } from '../dates.ts';
import { UserError } from '../errors.ts';
import { requireLabelWindow, resolveAsOf } from '../history.ts';
import { silentLogger, type Logger } from '../log.ts';
import { permutationImportance, type FeatureImportance } from '../../models/eval/importance.ts';
import {
  describeChoice,
  everyKth,
  finalFit,
  fitCandidates,
  headsWithMembers,
  membersToRefit,
  networkFitOptions,
  predictCandidates,
  refitMetrics,
  selectHeads,
  selectionEvaluation,
  shippedSummary,
} from './candidates.ts';
import { labelledSnapshot, labelledSnapshotWithFit, stack } from './datasets.ts';
import { codeVersion, dataFingerprint } from './provenance.ts';
import { phaseTimer } from './phases.ts';
import { installVersion, nonFiniteMetrics, promote, versionDigest, writeCard } from './registry.ts';

export interface TrainOptions {
  asOf?: string;
  config: Config;
  modelsDir: string;
  /** Make the new model the champion (default true). */
  promote?: boolean;
  logger?: Logger;
}

export interface TrainResult {
  modelId: string;
  path: string;
  /** The version directory was already there with the same model (left as it was, card included). */
  existing: boolean;
  backend: string;
  asOf: string;
  trainCutoff: string;
  trainCutoffs: string[];
  validCutoff: string;
  rows: { train: number; valid: number };
  epochs: number;
  bestEpoch: number;
  /** Training throughput of the saved network's fit (the final fit's with model.finalFit): rows per second per epoch, and the seconds the epochs took (this run's timing). */
  rowsPerSecond: number;
  fitSeconds: number;
  /** Each epoch's wall time from its start to its end (shuffle, batches, validation loss, bookkeeping). */
  epochTimings: EpochTiming[];
  /** Where the stage's wall time went, seconds per phase. */
  phaseSeconds: Record<string, number>;
  /** Selection metrics (cross-fitted on the validation window) of what ships, candidates beside it. */
  evaluation: Evaluation;
  /** The candidate each head ships. */
  shipped: { churn: string; value: string };
  /** Training rows the network fitted on, and those that watched its early stopping. */
  networkRows: { fit: number; stop: number };
  /** Every value candidate's selection Gini, best first. */
  valueCandidates: { name: string; gini: number }[];
}

const MIN_HISTORY_DAYS = 60;
const IMPORTANCE_ROWS = 8000;

export async function trainStage(db: Database, options: TrainOptions): Promise<TrainResult> {
  const logger = options.logger ?? silentLogger;
  const phases = phaseTimer();
  const { config } = options;
  const { asOf, range } = await resolveAsOf(db, options.asOf);
  const horizon = config.horizonDays;
  const valueHorizon = config.valueHorizonDays;
  const validCutoff = addDays(asOf, -Math.max(horizon, valueHorizon));
  const trainCutoff = addDays(validCutoff, -horizon);
  requireLabelWindow(range, {
    subject: `labels at as-of ${asOf}`,
    span: `the ${Math.max(horizon, valueHorizon)}-day validation window from ${validCutoff}`,
    lastDay: addDays(asOf, -1),
    option: '--as-of',
    value: asOf,
  });
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
  phases.mark('setup');
  // Sliding training snapshots V - H, V - 2H, ... (each with MIN_HISTORY_DAYS of history before it).
  const trainCutoffs = [trainCutoff];
  for (let k = 2; k <= config.model.snapshots; k++) {
    const cutoff = addDays(validCutoff, -k * horizon);
    if (daysBetween(range.firstEvent, cutoff) < MIN_HISTORY_DAYS) break;
    trainCutoffs.push(cutoff);
  }
  const useBtyd = config.model.btydFeatures;
  const readOptions = { horizonDays: horizon, valueHorizonDays: valueHorizon, observedUntil: asOf, btydInputs: useBtyd };
  // BG/NBD x Gamma-Gamma at the validation cutoff is a baseline of every evaluation; at every cutoff,
  // when configured, its outputs are also inputs of the network.
  const { set: valid, fit: validBtyd } = await labelledSnapshotWithFit(db, validCutoff, { ...readOptions, withHoldout: true });
  for (const problem of validBtyd.problems) logger.warn(problem);
  phases.mark('validationSnapshot');
  const trainSets = [];
  for (const cutoff of trainCutoffs) trainSets.push(await labelledSnapshot(db, cutoff, readOptions));
  phases.mark('trainingSnapshots');
  const train = stack(trainSets);
  phases.mark('stack');
  if (train.rows < 50 || valid.rows < 50) {
    throw new UserError(`too few customers to train: ${train.rows} at ${trainCutoffs.join(', ')}, ${valid.rows} at ${validCutoff} (need 50 each)`);
  }

  const progress = logger.progress('training', config.model.epochs);
  const candidates = await fitCandidates(train, config, (log) => progress.tick(log.epoch), (message) => logger.info(message));
  progress.done();
  phases.mark('fit');
  const model = candidates.network;
  const speed = model.trainingSpeed!;
  logger.info(`training: ${candidates.rows.fit} rows x ${speed.epochs} epochs in ${speed.seconds.toFixed(1)} s (${Math.round(speed.rowsPerSecond).toLocaleString('en')} rows/s per epoch); early stopping on ${candidates.rows.stop} rows`);
  // Each head is chosen on the validation window (cross-fitted), then its calibration or stack refitted on all of it.
  const validPredictions = predictCandidates(candidates, valid);
  const selection = selectHeads(candidates, valid, config, validPredictions);
  logger.info(`shipped: churn ${describeChoice(selection.churn.ranking.map((r) => ({ name: r.name, metric: r.auc })), 'AUC')}; value ${describeChoice(selection.value.ranking.map((r) => ({ name: r.name, metric: r.gini })), 'Gini')}`);
  phases.mark('selection');
  const pre = model.metadata.preprocessor;
  const width = model.metadata.inputs.length;
  const evaluation = selectionEvaluation(selection, valid);
  phases.mark('evaluation');
  const unusable = nonFiniteMetrics(evaluation.metrics);
  if (unusable.length) {
    model.dispose();
    throw new UserError(
      `validation metrics are not finite (${unusable.join(', ')}) on ${valid.rows.toLocaleString('en')} customers at ${validCutoff} ` +
        `(churn base rate ${evaluation.metrics.baseRate.toFixed(3)}): the model was not saved`,
    );
  }
  const btyd = await btydEvaluation(db, validBtyd, useBtyd);
  phases.mark('btydEvaluation');
  // On at most IMPORTANCE_ROWS validation rows (every k-th customer): enough to rank inputs, and cheap.
  const sample = everyKth(valid, IMPORTANCE_ROWS);
  const importance = permutationImportance(model, sample, sample.rows, sample.labels, config.seed);
  phases.mark('importance');
  // The chosen candidates fitted again with the validation rows (`model.finalFit`): what is saved.
  const finalProgress = logger.progress('final fit', config.model.epochs);
  const final = await finalFit(train, valid, config, membersToRefit(selection), (log) => finalProgress.tick(log.epoch), (message) => logger.info(message));
  finalProgress.done();
  const shipping = final ?? candidates;
  const heads = final ? headsWithMembers(selection, final) : selection.heads;
  if (final) model.dispose();
  const network = shipping.network;
  phases.mark('finalFit');

  network.metadata.info = {
    asOf,
    trainCutoff,
    trainCutoffs,
    validCutoff,
    horizonDays: horizon,
    valueHorizonDays: valueHorizon,
    note: 'training value labels cover [trainCutoff, trainCutoff + valueHorizonDays), which may extend past validCutoff',
    rows: { train: train.rows, valid: valid.rows },
    finalFit: config.model.finalFit,
    seed: config.seed,
    backend,
    versions: { tfjs: tf.version.tfjs, format: network.metadata.format },
    metrics: evaluation.metrics,
    // Without the fit's seconds: metadata.json is part of the version id, which must not vary run to run.
    btyd: { features: useBtyd, bgnbd: btyd.fit && withoutSeconds(btyd.fit) },
  };
  // Identity from content: same data, options and seed on the same backend give the same id.
  const staging = join(options.modelsDir, `.staging-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await network.save(staging);
  // The whole model config rides with the heads, so a version id covers every option (model ids hash heads.json).
  writeHeads(staging, { ...heads, modelConfig: config.model });
  const modelId = `m-${asOf}-${versionDigest(staging).slice(0, 10)}`;
  const path = join(options.modelsDir, modelId);
  writeCard(staging, {
    modelId,
    format: network.metadata.format,
    codeVersion: codeVersion(),
    backend,
    tfjs: tf.version.tfjs,
    seed: config.seed,
    trainingWindow: { asOf, trainCutoffs, validCutoff, horizonDays: horizon, valueHorizonDays: valueHorizon, labelsUntil: addDays(asOf, -1) },
    rows: { train: train.rows, valid: valid.rows, finalFit: final ? train.rows + valid.rows : train.rows },
    dataFingerprint: await dataFingerprint(db, asOf),
    features: { numeric: pre.numeric.map((c) => c.name), categorical: pre.categorical.map((c) => c.name) },
    inputs: width,
    calibration: config.model.calibration,
    valueCalibration: { factor: selection.value.level, predictedTotal: evaluation.metrics.value.predictedTotal, actualTotal: evaluation.metrics.value.actualTotal },
    fit: { ...networkFitOptions(config) },
    shipped: shippedSummary(selection),
    metrics: evaluation.metrics,
  });
  const saved = refitMetrics(heads, final ? predictCandidates(final, valid) : validPredictions, valid, selection.value.level);
  await writeEvaluation(staging, { ...evaluation, importance, refit: saved }, network.metadata.history, btyd);
  network.dispose();
  const existing = installVersion(staging, path) === 'existing';
  if (options.promote !== false) promote(options.modelsDir, modelId);

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
  phases.mark('save');

  return {
    modelId,
    path,
    existing,
    backend,
    asOf,
    trainCutoff,
    trainCutoffs,
    validCutoff,
    rows: { train: train.rows, valid: valid.rows },
    epochs: network.metadata.history.length,
    bestEpoch: network.metadata.bestEpoch,
    // The saved network's fit (the final fit's, when there is one).
    rowsPerSecond: Math.round(network.trainingSpeed!.rowsPerSecond),
    fitSeconds: network.trainingSpeed!.seconds,
    epochTimings: network.trainingSpeed!.epochTimings,
    phaseSeconds: phases.seconds(),
    evaluation,
    shipped: { churn: selection.churn.winner, value: selection.value.winner },
    networkRows: shipping.rows,
    valueCandidates: selection.value.ranking,
  };
}

function withoutSeconds<T extends { seconds: number }>(fit: T): Omit<T, 'seconds'> {
  const { seconds: _seconds, ...rest } = fit;
  return rest;
}

async function writeEvaluation(dir: string, evaluation: Evaluation & { importance: FeatureImportance[]; refit: unknown }, history: unknown, btyd: BtydEvaluation): Promise<void> {
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
