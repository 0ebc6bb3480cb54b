// Train stage: point-in-time snapshots (time split), the candidates fitted on the earlier ones and
// chosen on the latest, saved to disk and recorded in the `models` table.
//
//   validation cutoff V = asOf - max(H, Hv)   both labels fully observed by asOf
//   training cutoff   T = V - H               its churn window ends where validation's begins
//                     (and T - H, T - 2H, ... while history allows: cutoffs.ts)
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
import { btydChurnApplies, btydNotApplicable, churnSentences } from '../config/churn-definition.ts';
import { eventTypeDeclarations, eventTypeLabels } from '../db/declarations.ts';
import type { Labels } from '../vocabulary.ts';
import type { Config } from '../config/config-schema.ts';
import { systemClock, type Clock } from '../clock.ts';

import type { Database } from '../db/database.ts';
import { addDays } from '../dates.ts';
import { UserError } from '../errors.ts';
import { requireLabelWindow, resolveAsOf } from '../history.ts';
import { silentLogger, type Logger } from '../log.ts';
import { phaseTimer, type PhaseTimer } from '../timer.ts';
import { permutationImportance, type FeatureImportance } from '../../models/eval/importance.ts';
import {
  everyKth,
  networkFitOptions,
  predictCandidates,
  refitMetrics,
  selectionEvaluation,
  shippedSummary,
} from './candidates.ts';
import { MIN_HISTORY_DAYS, trainingCutoffs } from './cutoffs.ts';
import { labelledSnapshot, labelledSnapshotWithFit, stack, type LabelledSet } from './datasets.ts';
import { describeSelection, fitAndChoose, type FitAndChoose } from './fit-and-choose.ts';
import { codeVersion, dataFingerprint } from './provenance.ts';
import { writeCard, type ModelCard } from './model-card.ts';
import { installVersion, nonFiniteMetrics, promote, versionDigest } from './model-registry.ts';
import { fitModelIntervals } from './value-intervals.ts';
import { fitNextPurchaseModel } from '../btyd/next-purchase-model.ts';

export interface TrainOptions {
  asOf?: string;
  config: Config;
  modelsDir: string;
  /** Make the new model the champion (default true). */
  promote?: boolean;
  logger?: Logger;
  /** Stamps the model's row in `models`. */
  now?: Clock;
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

const IMPORTANCE_ROWS = 8000;

export async function trainStage(db: Database, options: TrainOptions): Promise<TrainResult> {
  const logger = options.logger ?? silentLogger;
  const phases = phaseTimer();
  const { config } = options;
  const plan = await planTraining(db, options.asOf, config);
  const backend = await initBackend();
  logger.info(`tfjs backend: ${backend}`);
  phases.mark('setup');
  const sets = await readSnapshots(db, plan, config, logger, phases);
  const step = await fitAndChoose(sets.train, sets.valid, config, {
    logger,
    refit: 'chosen',
    mark: phases.mark,
  });
  const speed = step.candidates.network.trainingSpeed!;
  logger.info(
    `training: ${step.candidates.rows.fit} rows x ${speed.epochs} epochs in ${speed.seconds.toFixed(1)} s (${Math.round(speed.rowsPerSecond).toLocaleString('en')} rows/s per epoch); early stopping on ${step.candidates.rows.stop} rows`,
  );
  logger.info(describeSelection(step.selection));
  const measured = await measureChoice(db, step, sets, plan, config, phases);
  const network = step.shipping.network;
  const { modelId, path, existing } = await saveVersion(db, options, { plan, sets, step, measured, backend });
  phases.mark('save');

  return {
    modelId,
    path,
    existing,
    backend,
    asOf: plan.asOf,
    trainCutoff: plan.trainCutoffs[0],
    trainCutoffs: plan.trainCutoffs,
    validCutoff: plan.validCutoff,
    rows: { train: sets.train.rows, valid: sets.valid.rows },
    epochs: network.metadata.history.length,
    bestEpoch: network.metadata.bestEpoch,
    // The saved network's fit (the final fit's, when there is one).
    rowsPerSecond: Math.round(network.trainingSpeed!.rowsPerSecond),
    fitSeconds: network.trainingSpeed!.seconds,
    epochTimings: network.trainingSpeed!.epochTimings,
    phaseSeconds: phases.seconds(),
    evaluation: measured.evaluation,
    shipped: { churn: step.selection.churn.winner, value: step.selection.value.winner },
    networkRows: step.shipping.rows,
    valueCandidates: step.selection.value.ranking,
  };
}

/** The as-of date and the cutoffs: validation at V = asOf - max(H, Hv), training at V - H, V - 2H, ... */
interface TrainingPlan {
  asOf: string;
  horizon: number;
  valueHorizon: number;
  validCutoff: string;
  trainCutoffs: string[];
}

async function planTraining(db: Database, asOfOption: string | undefined, config: Config): Promise<TrainingPlan> {
  const { asOf, range } = await resolveAsOf(db, asOfOption);
  const horizon = config.horizonDays;
  const valueHorizon = config.valueHorizonDays;
  const validCutoff = addDays(asOf, -Math.max(horizon, valueHorizon));
  requireLabelWindow(range, {
    subject: `labels at as-of ${asOf}`,
    span: `the ${Math.max(horizon, valueHorizon)}-day validation window from ${validCutoff}`,
    lastDay: addDays(asOf, -1),
    option: '--as-of',
    value: asOf,
  });
  const trainCutoffs = trainingCutoffs(validCutoff, horizon, config.model.snapshots, range.firstEvent);
  if (trainCutoffs.length === 0) {
    const needed = Math.max(horizon, valueHorizon) + horizon + MIN_HISTORY_DAYS;
    throw new UserError(
      `not enough history to train at as-of ${asOf}: need events from ${addDays(asOf, -needed)} or earlier ` +
        `(${needed} days: ${MIN_HISTORY_DAYS} of history, a ${horizon}-day training label window and a ` +
        `${Math.max(horizon, valueHorizon)}-day validation window), history starts ${range.firstEvent ?? 'nowhere'}`,
    );
  }
  return { asOf, horizon, valueHorizon, validCutoff, trainCutoffs };
}

interface Snapshots {
  train: LabelledSet;
  valid: LabelledSet;
  /** BG/NBD x Gamma-Gamma fitted at the validation cutoff. */
  validBtyd: CustomerBtyd;
}

async function readSnapshots(
  db: Database,
  plan: TrainingPlan,
  config: Config,
  logger: Logger,
  phases: PhaseTimer,
): Promise<Snapshots> {
  const readOptions = {
    horizonDays: plan.horizon,
    valueHorizonDays: plan.valueHorizon,
    observedUntil: plan.asOf,
    btydInputs: config.model.btydFeatures,
    churn: config.churn,
    voice: config.voice,
    seed: config.seed,
    logger,
  };
  // BG/NBD x Gamma-Gamma at the validation cutoff is a baseline of every evaluation; at every cutoff,
  // when configured, its outputs are also inputs of the network.
  const { set: valid, fit: validBtyd } = await labelledSnapshotWithFit(db, plan.validCutoff, {
    ...readOptions,
    withHoldout: true,
  });
  for (const problem of validBtyd.problems) logger.warn(problem);
  phases.mark('validationSnapshot');
  const trainSets = [];
  for (const cutoff of plan.trainCutoffs) trainSets.push(await labelledSnapshot(db, cutoff, readOptions));
  phases.mark('trainingSnapshots');
  const train = stack(trainSets);
  phases.mark('stack');
  if (train.rows < 50 || valid.rows < 50) {
    throw new UserError(
      `too few customers to train: ${train.rows} at ${plan.trainCutoffs.join(', ')}, ${valid.rows} at ${plan.validCutoff} (need 50 each)`,
    );
  }
  return { train, valid, validBtyd };
}

interface Measured {
  evaluation: Evaluation;
  btyd: BtydEvaluation;
  importance: FeatureImportance[];
}

/** The choice's selection metrics (refused when not finite), the BG/NBD baseline and input importance. */
async function measureChoice(
  db: Database,
  step: FitAndChoose,
  sets: Snapshots,
  plan: TrainingPlan,
  config: Config,
  phases: PhaseTimer,
): Promise<Measured> {
  const { valid } = sets;
  const model = step.candidates.network;
  const evaluation = selectionEvaluation(step.selection, valid);
  phases.mark('evaluation');
  const unusable = nonFiniteMetrics(evaluation.metrics);
  if (unusable.length) {
    model.dispose();
    step.final?.network.dispose();
    throw new UserError(
      `validation metrics are not finite (${unusable.join(', ')}) on ${valid.rows.toLocaleString('en')} customers at ${plan.validCutoff} ` +
        `(churn base rate ${evaluation.metrics.baseRate.toFixed(3)}): the model was not saved`,
    );
  }
  const btyd = await btydEvaluation(db, sets.validBtyd, config.model.btydFeatures);
  phases.mark('btydEvaluation');
  // On at most IMPORTANCE_ROWS validation rows (every k-th customer): enough to rank inputs, and cheap.
  const sample = everyKth(valid, IMPORTANCE_ROWS);
  const importance = permutationImportance(model, sample, sample.rows, sample.labels, config.seed);
  phases.mark('importance');
  if (step.final) model.dispose();
  return { evaluation, btyd, importance };
}

interface Trained {
  plan: TrainingPlan;
  sets: Snapshots;
  step: FitAndChoose;
  measured: Measured;
  backend: string;
}

/** The shipped fit saved as a version directory (its id from its content), recorded in `models`. */
async function saveVersion(
  db: Database,
  options: TrainOptions,
  trained: Trained,
): Promise<{ modelId: string; path: string; existing: boolean }> {
  const { config } = options;
  const { plan, sets, step, measured } = trained;
  const network = step.shipping.network;
  // The learned next purchase (pipeline/btyd/next-purchase-model.ts): fitted on cutoffs before the as-of date, applied at scoring.
  network.metadata.info = { ...modelInfo(trained, config), nextPurchase: await fitNextPurchaseModel(db, plan.asOf) };
  // Identity from content: same data, options and seed on the same backend give the same id.
  const staging = join(options.modelsDir, `.staging-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await network.save(staging);
  // The whole model config rides with the heads, so a version id covers every option (model ids hash heads.json).
  writeHeads(staging, { ...step.heads, modelConfig: config.model });
  const modelId = `m-${plan.asOf}-${versionDigest(staging).slice(0, 10)}`;
  const path = join(options.modelsDir, modelId);
  writeCard(staging, await modelCard(db, modelId, trained, config));
  const predictions = step.final ? predictCandidates(step.final, sets.valid, config.churn) : step.validPredictions;
  const saved = refitMetrics(step.heads, predictions, sets.valid, step.selection.value.level);
  await writeEvaluation(
    staging,
    {
      ...measured.evaluation,
      importance: measured.importance,
      refit: saved,
      ...btydBaselineNote(config, plan.horizon, eventTypeLabels(await eventTypeDeclarations(db))),
    },
    network.metadata.history,
    measured.btyd,
  );
  network.dispose();
  const existing = installVersion(staging, path) === 'existing';
  if (options.promote !== false) promote(options.modelsDir, modelId);

  await db.run('DELETE FROM models WHERE model_id = $id', { id: modelId });
  await db.run(
    `INSERT INTO models VALUES ($id, CAST($now AS TIMESTAMP), CAST($as_of AS DATE), CAST($train AS DATE), CAST($valid AS DATE), $path, $backend, $metrics)`,
    {
      id: modelId,
      now: (options.now ?? systemClock)().toISOString(),
      as_of: plan.asOf,
      train: plan.trainCutoffs[0],
      valid: plan.validCutoff,
      path,
      backend: trained.backend,
      metrics: JSON.stringify({
        ...measured.evaluation.metrics,
        rows: { train: sets.train.rows, valid: sets.valid.rows },
      }),
    },
    'models (insert)',
  );
  return { modelId, path, existing };
}

/** The network's metadata.info: the training window, rows, metrics and BTYD fit. */
function modelInfo({ plan, sets, step, measured, backend }: Trained, config: Config) {
  const network = step.shipping.network;
  const { btyd, evaluation } = measured;
  return {
    asOf: plan.asOf,
    trainCutoff: plan.trainCutoffs[0],
    trainCutoffs: plan.trainCutoffs,
    validCutoff: plan.validCutoff,
    horizonDays: plan.horizon,
    valueHorizonDays: plan.valueHorizon,
    note: 'training value labels cover [trainCutoff, trainCutoff + valueHorizonDays), which may extend past validCutoff',
    // Absent: no purchase in horizonDays (so models trained before definitions existed keep their ids).
    ...(btydChurnApplies(config.churn) ? {} : { churn: config.churn }),
    rows: { train: sets.train.rows, valid: sets.valid.rows },
    finalFit: config.model.finalFit,
    seed: config.seed,
    backend,
    versions: { tfjs: tf.version.tfjs, format: network.metadata.format },
    metrics: evaluation.metrics,
    // Without the fit's seconds: metadata.json is part of the version id, which must not vary run to run.
    btyd: { features: btyd.features, bgnbd: btyd.fit && withoutSeconds(btyd.fit) },
    // Value and churn-probability interval calibrations, fitted on the validation window (value-intervals.ts).
    intervals: fitModelIntervals(step.selection, step.validPredictions, sets.valid, config.seed),
  };
}

async function modelCard(
  db: Database,
  modelId: string,
  { plan, sets, step, measured, backend }: Trained,
  config: Config,
): Promise<ModelCard> {
  const network = step.shipping.network;
  const pre = step.candidates.network.metadata.preprocessor;
  const { train, valid } = sets;
  const { metrics } = measured.evaluation;
  const declared = eventTypeLabels(await eventTypeDeclarations(db));
  return {
    modelId,
    format: network.metadata.format,
    codeVersion: codeVersion(),
    backend,
    tfjs: tf.version.tfjs,
    seed: config.seed,
    trainingWindow: {
      asOf: plan.asOf,
      trainCutoffs: plan.trainCutoffs,
      validCutoff: plan.validCutoff,
      horizonDays: plan.horizon,
      valueHorizonDays: plan.valueHorizon,
      labelsUntil: addDays(plan.asOf, -1),
      churnDefinition: churnSentences(config.churn, plan.horizon, declared),
    },
    rows: { train: train.rows, valid: valid.rows, finalFit: step.final ? train.rows + valid.rows : train.rows },
    dataFingerprint: await dataFingerprint(db, plan.asOf),
    features: { numeric: pre.numeric.map((c) => c.name), categorical: pre.categorical.map((c) => c.name) },
    inputs: step.candidates.network.metadata.inputs.length,
    calibration: config.model.calibration,
    valueCalibration: {
      factor: step.selection.value.level,
      predictedTotal: metrics.value.predictedTotal,
      actualTotal: metrics.value.actualTotal,
    },
    fit: { ...networkFitOptions(config) },
    shipped: shippedSummary(step.selection),
    metrics,
    ...btydBaselineNote(config, plan.horizon, declared),
  };
}

/** When BG/NBD's P(no purchase) predicts something other than churn: why it is no baseline. */
function btydBaselineNote(config: Config, horizon: number, declared: Labels): { btydBaseline?: string } {
  return btydChurnApplies(config.churn) ? {} : { btydBaseline: btydNotApplicable(config.churn, horizon, declared) };
}

function withoutSeconds<T extends { seconds: number }>(fit: T): Omit<T, 'seconds'> {
  const { seconds: _seconds, ...rest } = fit;
  return rest;
}

async function writeEvaluation(
  dir: string,
  evaluation: Evaluation & { importance: FeatureImportance[]; refit: unknown; btydBaseline?: string },
  history: unknown,
  btyd: BtydEvaluation,
): Promise<void> {
  await writeFile(
    join(dir, 'evaluation.json'),
    JSON.stringify({ ...evaluation, lossCurve: history, btyd }, null, 2) + '\n',
  );
}

interface BtydEvaluation {
  features: boolean;
  fit: {
    params: Record<string, number>;
    logLik: number;
    converged: boolean;
    customers: number;
    seconds: number;
  } | null;
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
    fit: {
      params: fit.params,
      logLik: fit.logLik,
      converged: fit.converged,
      customers: fit.customers,
      seconds: fit.seconds,
    },
    holdout: compareHoldout(rfm, [{ model: bgnbd, params: fit.params }], daily),
  };
}

/** The stage's one-line summary. */
export function trainLine(t: TrainResult): string {
  return (
    `${t.modelId} on ${t.rows.train.toLocaleString('en')} rows (cutoff ${t.trainCutoff}), ` +
    `${t.epochs} epochs [${t.backend}]; ships churn from ${t.shipped.churn}, value from ${t.shipped.value}; selection at ${t.validCutoff}: AUC ${t.evaluation.metrics.auc.toFixed(3)} ` +
    `(recency rule ${t.evaluation.metrics.recencyAuc.toFixed(3)}), value Gini ${t.evaluation.metrics.value.gini.toFixed(3)}`
  );
}
