// Evaluate stage: the deep model next to its baselines on the same held-out customers.
//   --split time       test snapshot at the as-of date E; early stopping and calibration on the snapshot
//                      at V = E - H (its churn window ends at E); training on the snapshots at V - H,
//                      V - 2H, ... (sliding, `model.snapshots` of them, while history allows).
//   --split customers  one snapshot at E; 20% of customers (hash of the id) are the test set, 10% more
//                      the validation set for early stopping and calibration, the rest train (ZILN paper).
// Baselines: the recency rule, logistic regression on the network's inputs, BG/NBD (x Gamma-Gamma for value).
import { ChurnClvModel, type ValueCalibration } from '../../models/churn-clv/churn-clv-model.ts';
import { initBackend } from '../../models/churn-clv/backend.ts';
import { transform } from '../../models/churn-clv/preprocess.ts';
import { applyCalibration, type Calibration } from '../../models/eval/calibration.ts';
import { fitLogistic, predictLogistic } from '../../models/eval/logistic.ts';
import {
  churnDetail,
  churnMetrics,
  valueDecileChart,
  valueMetrics,
  type ChurnDetail,
  type ChurnMetrics,
  type ValueMetrics,
} from '../../models/eval/model-metrics.ts';
import { BTYD_FEATURES } from '../btyd/btyd-features.ts';
import type { Config } from '../config/config-schema.ts';
import type { Database } from '../db/database.ts';
import { addDays, daysBetween } from '../dates.ts';
import { UserError } from '../errors.ts';
import { CATEGORICAL_FEATURES, NUMERIC_FEATURES } from '../features/feature-list.ts';
import { historyRange, requireLabelWindow } from '../history.ts';
import { silentLogger, type Logger } from '../log.ts';
import { permutationImportance, type FeatureImportance } from '../../models/eval/importance.ts';
import { labelledSnapshot, splitByHash, stack, type LabelledSet } from '../train/datasets.ts';

export type Split = 'time' | 'customers';

export interface EvaluateOptions {
  asOf?: string;
  horizonDays?: number;
  valueHorizonDays?: number;
  split: Split;
  config: Config;
  logger?: Logger;
}

export interface ModelEvaluation {
  name: 'deep' | 'logistic' | 'recency' | 'bgnbd';
  churn: ChurnMetrics;
  value?: ValueMetrics;
}

export interface EvaluationReport {
  split: Split;
  asOf: string;
  horizonDays: number;
  valueHorizonDays: number;
  customers: { train: number; valid: number; test: number };
  cutoffs: { train: string[]; valid: string; test: string };
  /** Last day whose events any training label used (value labels may run past the test cutoff in the time split). */
  trainingLabelsUntil: string;
  models: ModelEvaluation[];
  deep: {
    backend: string;
    epochs: number;
    bestEpoch: number;
    calibration: Calibration;
    /** Value level calibration fitted on the validation customers (null: none). */
    valueCalibration: ValueCalibration | null;
    uncalibrated: ChurnMetrics;
  };
  /** Permutation importance of each input feature for the deep model on the test customers. */
  importance: FeatureImportance[];
  detail: Record<string, { churn: ChurnDetail; valueDeciles?: ReturnType<typeof valueDecileChart> }>;
}

const MIN_HISTORY_DAYS = 60;

export async function evaluateStage(db: Database, options: EvaluateOptions): Promise<EvaluationReport> {
  const logger = options.logger ?? silentLogger;
  const { config, split } = options;
  const horizon = options.horizonDays ?? config.horizonDays;
  const valueHorizon = options.valueHorizonDays ?? config.valueHorizonDays;
  const longest = Math.max(horizon, valueHorizon);
  const range = await historyRange(db);
  if (range.defaultAsOf === null || range.firstEvent === null) throw new UserError(`database ${db.path} has no events`);
  const asOf = options.asOf ?? addDays(range.defaultAsOf, -longest);
  requireLabelWindow(range, { subject: `labels at as-of ${asOf}`, span: `${longest}-day horizon`, lastDay: addDays(asOf, longest - 1), option: '--as-of', value: asOf });
  const btydInputs = config.model.btydFeatures;
  const read = (cutoff: string, observedUntil: string) =>
    labelledSnapshot(db, cutoff, { horizonDays: horizon, valueHorizonDays: valueHorizon, observedUntil, btydInputs });

  const backend = await initBackend();
  logger.info(`tfjs backend: ${backend}`);
  const test0 = await read(asOf, range.defaultAsOf);
  let train: LabelledSet;
  let valid: LabelledSet;
  let test: LabelledSet;
  let trainCutoffs: string[];
  let validCutoff: string;
  let trainingLabelsUntil: string;
  if (split === 'time') {
    validCutoff = addDays(asOf, -horizon);
    trainCutoffs = [];
    for (let k = 1; k <= config.model.snapshots; k++) {
      const cutoff = addDays(validCutoff, -k * horizon);
      if (daysBetween(range.firstEvent, cutoff) < MIN_HISTORY_DAYS) break;
      trainCutoffs.push(cutoff);
    }
    if (trainCutoffs.length === 0) {
      throw new UserError(
        `not enough history for a time split at ${asOf}: training needs events from ${addDays(validCutoff, -horizon - MIN_HISTORY_DAYS)}, history starts ${range.firstEvent}`,
      );
    }
    // Churn labels of every training snapshot end by the test cutoff; value labels end Hv - H days later.
    trainingLabelsUntil = addDays(validCutoff, valueHorizon - 1 > horizon - 1 ? valueHorizon - 1 : horizon - 1);
    const until = addDays(trainingLabelsUntil, 1);
    valid = await read(validCutoff, until);
    const sets: LabelledSet[] = [];
    for (const cutoff of trainCutoffs) sets.push(await read(cutoff, until));
    train = stack(sets);
    test = test0;
  } else {
    const parts = splitByHash(test0, 0.2, 'test:');
    test = parts.held;
    const inner = splitByHash(parts.kept, 0.125, 'valid:');
    train = inner.kept;
    valid = inner.held;
    trainCutoffs = [asOf];
    validCutoff = asOf;
    trainingLabelsUntil = addDays(asOf, longest - 1);
  }
  if (train.rows < 50 || valid.rows < 20 || test.rows < 20) {
    throw new UserError(`too few customers to evaluate: ${train.rows} train, ${valid.rows} validation, ${test.rows} test`);
  }
  logger.info(`evaluate (${split}): ${train.rows} training rows at ${trainCutoffs.join(', ')}, ${valid.rows} validation at ${validCutoff}, ${test.rows} test at ${asOf}`);

  // Deep model: early stopping on the validation set, churn calibration fitted on it.
  const specs = { numeric: btydInputs ? [...NUMERIC_FEATURES, ...BTYD_FEATURES] : NUMERIC_FEATURES, categorical: CATEGORICAL_FEATURES };
  const progress = logger.progress('training', config.model.epochs);
  const model = await ChurnClvModel.train(train, valid, specs, fitOptions(config), (log) => progress.tick(log.epoch));
  progress.done();
  const calibration = model.calibrate(config.model.calibration, valid, valid.rows, valid.labels.churned);
  const valueCalibration = config.model.valueCalibration === 'level' ? model.calibrateValue(valid, valid.rows, valid.labels.value) : null;
  const testPred = model.predictUncalibrated(test, test.rows);
  const deepChurn = applyCalibration(calibration, testPred.churnProb);
  const pre = model.metadata.preprocessor;
  const deepInfo = { backend, epochs: model.metadata.history.length, bestEpoch: model.metadata.bestEpoch, calibration, valueCalibration };
  const importance = permutationImportance(model, test, test.rows, test.labels, config.seed);
  const width = model.metadata.inputs.length;
  model.dispose();

  // Logistic regression on exactly the network's inputs (training rows; it needs no early stopping).
  const logistic = fitLogistic(transform(pre, train, train.rows), train.rows, width, train.labels.churned, { l2: 1e-3 });
  const logisticChurn = predictLogistic(logistic, transform(pre, test, test.rows), test.rows, width);

  const y = test.labels.churned;
  const v = test.labels.value;
  const scored: { name: ModelEvaluation['name']; churn: ArrayLike<number>; probabilistic: boolean; value?: ArrayLike<number> }[] = [
    { name: 'deep', churn: deepChurn, probabilistic: true, value: testPred.value },
    { name: 'logistic', churn: logisticChurn, probabilistic: true },
    { name: 'recency', churn: test.numeric.recency_days, probabilistic: false },
  ];
  if (test.btyd) {
    scored.push({
      name: 'bgnbd',
      churn: test.btyd.pNoPurchase.map((p) => (Number.isNaN(p) ? 1 : p)),
      probabilistic: true,
      value: test.btyd.expectedValue.map((x) => (Number.isNaN(x) ? 0 : x)),
    });
  } else {
    logger.warn(`BG/NBD could not be fitted at ${asOf}: no BG/NBD baseline`);
  }
  const models: ModelEvaluation[] = scored.map((s) => ({
    name: s.name,
    churn: churnMetrics(y, s.churn, s.probabilistic),
    ...(s.value ? { value: valueMetrics(v, s.value) } : {}),
  }));
  const detail = Object.fromEntries(
    scored.map((s) => [s.name, { churn: churnDetail(y, s.churn, s.probabilistic), ...(s.value ? { valueDeciles: valueDecileChart(v, s.value) } : {}) }]),
  );
  return {
    split,
    asOf,
    horizonDays: horizon,
    valueHorizonDays: valueHorizon,
    customers: { train: train.rows, valid: valid.rows, test: test.rows },
    cutoffs: { train: trainCutoffs, valid: validCutoff, test: asOf },
    trainingLabelsUntil,
    models,
    deep: { ...deepInfo, uncalibrated: churnMetrics(y, testPred.churnProb, true) },
    importance,
    detail,
  };
}

function fitOptions(config: Config) {
  const { calibration: _calibration, valueCalibration: _valueCalibration, snapshots: _snapshots, ...model } = config.model;
  return { ...model, seed: config.seed };
}
