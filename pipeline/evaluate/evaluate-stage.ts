// Evaluate stage: every candidate and what `churn train` would ship from them, on held-out customers.
//   --split time       test snapshot at the as-of date E. Every label the models learn from or are
//                      chosen on ends by E: validation at V = E - max(H, Hv), training at V - H,
//                      V - 2H, ... (`model.snapshots`, while history allows). When the history before E
//                      cannot hold a full value window before V, V = E - H and the value models learn
//                      from H-day spend (a shorter proxy of the Hv-day value; `fitValueHorizonDays`).
//   --split customers  one snapshot at E; 20% of customers (hash of the id) are the test set, 10% more
//                      the validation set (calibration, stacks, the choice), the rest train.
//   --backtest K       time split: the same at K as-of dates E, E - H, E - 2H, ...; customer split: K
//                      customer splits, each from its own hash salt (one-cohort data has no earlier
//                      dates to go back to). Each model's metrics per run, with their mean and spread.
// The choice itself is train's (pipeline/train/candidates.ts): fitted on the training snapshots,
// chosen on the validation window, fitted again on both (`model.finalFit`); the test window is never
// seen before it is scored.
import { textState, type SentimentQuality } from '../text/text-signals.ts';
import { initBackend } from '../../models/churn-clv/backend.ts';
import { applyCalibration, fitCalibration } from '../../models/eval/calibration.ts';
import { permutationImportance, type FeatureImportance } from '../../models/eval/importance.ts';
import {
  churnDetail,
  churnMetrics,
  valueDecileChart,
  valueMetrics,
  type ChurnDetail,
  type ChurnMetrics,
  type ValueMetrics,
} from '../../models/eval/model-metrics.ts';
import { applyChurnHead, applyValueHead, STACK } from '../../models/ensemble/select.ts';
import { applyChurnStack, applyValueStack, fitChurnStack, fitValueStack } from '../../models/ensemble/stack.ts';
import { btydChurnApplies, btydNotApplicable, churnSentence } from '../config/churn-definition.ts';
import { eventTypeDeclarations, eventTypeLabels } from '../db/declarations.ts';
import type { Config } from '../config/config-schema.ts';
import type { Database } from '../db/database.ts';
import { addDays } from '../dates.ts';
import { UserError } from '../errors.ts';
import { historyRange, requireLabelWindow, type HistoryRange } from '../history.ts';
import { silentLogger, type Logger } from '../log.ts';
import { levelFactor, predictCandidates, shippedSummary } from '../train/candidates.ts';
import { MIN_HISTORY_DAYS, trainingCutoffs } from '../train/cutoffs.ts';
import { labelledSnapshot, splitByHash, stack, subset, type LabelledSet } from '../train/datasets.ts';
import { fitAndChoose, type FitAndChoose } from '../train/fit-and-choose.ts';
import { readSplitFile, splitPositions, type SplitAssignment } from './split-file.ts';
import { evaluateNextPurchase, type NextPurchaseEvaluation } from '../btyd/next-purchase-eval.ts';
import { intervalsSection, type IntervalsSection } from './intervals-section.ts';

export type Split = 'time' | 'customers';

export interface EvaluateOptions {
  asOf?: string;
  horizonDays?: number;
  valueHorizonDays?: number;
  split: Split;
  /** Time split: this many as-of dates, one churn horizon apart; customer split: this many hash-salted customer splits (default 1). */
  backtest?: number;
  /** Customer split only: each run's train / valid / test customers from this CSV (split-file.ts) instead of the hash. */
  splitFile?: string;
  /** Leave a group of inputs out, to measure what it adds: `text`, the features read from feedback text. */
  without?: 'text';
  config: Config;
  logger?: Logger;
}

export interface ModelEvaluation {
  /** `shipped` (what train would ship), a candidate, `stack`, or the `recency` rule. */
  name: string;
  churn?: ChurnMetrics;
  value?: ValueMetrics;
}

/** The name of the models[] entry that is what `churn train` would ship. */
export const CHAMPION = 'shipped';

export interface EvaluationReport {
  split: Split;
  asOf: string;
  horizonDays: number;
  /** What churned means (config `churn`), in words: "no purchase in 90 days". */
  churnDefinition: string;
  /** Present when BG/NBD's P(no purchase) is no churn baseline of the definition: why it is left out. */
  btydBaseline?: string;
  valueHorizonDays: number;
  /** Value horizon of the labels the value models learned from and were chosen on. */
  fitValueHorizonDays: number;
  customers: { train: number; valid: number; test: number };
  cutoffs: { train: string[]; valid: string; test: string };
  /** The candidates scored on the test customers were fitted again on the training and validation rows (`model.finalFit`); null: on the training rows only. */
  finalFit: { rows: number } | null;
  /** Customer split from a file (`--split-file`): its path; absent when the split is the hash's. */
  splitFile?: string;
  /** Last day whose events any label the models learned from or were chosen on used. */
  trainingLabelsUntil: string;
  /** The models[] entry that `churn train` would ship; its heads name the candidates it is made of. */
  champion: typeof CHAMPION;
  shipped: { churn: string; value: string };
  /** Selection metrics on the validation window (cross-fitted): what the choice was made on. */
  selection: ReturnType<typeof shippedSummary>;
  /** Held-out metrics on the test customers, each model on the same customers. */
  models: ModelEvaluation[];
  /** The network that was scored (the final fit's when there is one). */
  network: { backend: string; epochs: number; bestEpoch: number };
  /** Permutation importance of each input for the network on the test customers. */
  importance: FeatureImportance[];
  detail: Record<string, { churn?: ChurnDetail; valueDeciles?: ReturnType<typeof valueDecileChart> }>;
  backtest?: Backtest;
  /** Inputs left out (`--without text`): the models saw no features read from feedback text. */
  without?: 'text';
  /** How feedback text was read (docs/voice.md): the sentiment model's held-out quality, or why the lexicon; null without text. */
  voice: SentimentQuality | null;
  /** BG/NBD's next purchase at the as-of date vs what happened up to the last event (docs/btyd.md, "Next purchase"). */
  nextPurchase?: NextPurchaseEvaluation | { skipped: string };
  /** Coverage of the 80% value intervals on the test customers, calibrated on the validation window. */
  intervals: IntervalsSection;
}

export interface Backtest {
  /** The test date of each run (all the same in a customer-split backtest). */
  dates: string[];
  /** Customer split only: the name of each run's split (`split 1`, ...), in `dates` order. */
  splits?: string[];
  /** Per model, per date (in `dates` order): held-out churn AUC and value Gini. */
  models: Record<
    string,
    {
      auc: (number | null)[];
      gini: (number | null)[];
      aucMean: number | null;
      aucSd: number | null;
      giniMean: number | null;
      giniSd: number | null;
    }
  >;
  /** What was shipped at each date. */
  shipped: { churn: string; value: string }[];
}

export async function evaluateStage(db: Database, options: EvaluateOptions): Promise<EvaluationReport> {
  const logger = options.logger ?? silentLogger;
  const horizon = options.horizonDays ?? options.config.horizonDays;
  const valueHorizon = options.valueHorizonDays ?? options.config.valueHorizonDays;
  const longest = Math.max(horizon, valueHorizon);
  const range = await historyRange(db);
  if (range.defaultAsOf === null || range.firstEvent === null) throw new UserError(`database ${db.path} has no events`);
  const asOf = options.asOf ?? addDays(range.defaultAsOf, -longest);
  requireLabelWindow(range, {
    subject: `labels at as-of ${asOf}`,
    span: `${longest}-day horizon`,
    lastDay: addDays(asOf, longest - 1),
    option: '--as-of',
    value: asOf,
  });
  const k = options.backtest ?? 1;
  const bySplit = options.split === 'customers';
  if (options.splitFile !== undefined && !bySplit)
    throw new UserError('--split-file gives customer splits: use it with --split customers');
  const assigned =
    options.splitFile === undefined
      ? undefined
      : { path: options.splitFile, assignment: await readSplitFile(db, options.splitFile, k) };
  const dates = Array.from({ length: k }, (_, i) => (bySplit ? asOf : addDays(asOf, -i * horizon)));
  const backend = await initBackend();
  logger.info(`tfjs backend: ${backend}`);
  const reports: EvaluationReport[] = [];
  for (const [run, date] of dates.entries()) {
    if (k > 1) logger.info(bySplit ? `backtest: customer split ${run + 1} of ${k}` : `backtest: as-of ${date}`);
    reports.push(
      await evaluateAt(db, { ...options, horizon, valueHorizon, asOf: date, run, assigned, range, backend, logger }),
    );
  }
  const source = {
    ...(assigned ? { splitFile: assigned.path } : {}),
    nextPurchase: await evaluateNextPurchase(db, { asOf, holdoutEnd: range.lastEvent! }),
  };
  if (k === 1) return { ...reports[0], ...source };
  const summary = summariseBacktest(reports);
  return {
    ...reports[0],
    ...source,
    backtest: bySplit ? { ...summary, splits: dates.map((_, run) => `split ${run + 1}`) } : summary,
  };
}

interface AtOptions extends EvaluateOptions {
  asOf: string;
  /** Which run of a backtest (0 = the first); a customer split draws its customers with this run's salt. */
  run: number;
  /** The split file's assignment, read once for every run. */
  assigned?: { path: string; assignment: SplitAssignment };
  horizon: number;
  valueHorizon: number;
  range: HistoryRange;
  backend: string;
  logger: Logger;
}

interface Sets {
  train: LabelledSet;
  valid: LabelledSet;
  test: LabelledSet;
  cutoffs: { train: string[]; valid: string };
  trainingLabelsUntil: string;
  fitValueHorizon: number;
}

async function evaluateAt(db: Database, o: AtOptions): Promise<EvaluationReport> {
  const { config, split, asOf, logger } = o;
  const sets = split === 'time' ? await timeSets(db, o) : await customerSets(db, o);
  const { train, valid, test } = sets;
  if (train.rows < 50 || valid.rows < 20 || test.rows < 20) {
    throw new UserError(
      `too few customers to evaluate at ${asOf}: ${train.rows} train, ${valid.rows} validation, ${test.rows} test`,
    );
  }
  logger.info(
    `evaluate (${split}) at ${asOf}: ${train.rows} training rows at ${sets.cutoffs.train.join(', ')}, ${valid.rows} validation at ${sets.cutoffs.valid}, ${test.rows} test`,
  );
  // What would ship is fitted again on the training and validation rows (as train does); every
  // candidate is, so each is judged as it would ship. Calibrations and stacks stay the first fit's.
  const step = await fitAndChoose(train, valid, config, { logger, refit: 'all' });
  const { models, detail } = testMetrics(scoreTest(step, sets, o), test);
  const network = step.shipping.network;
  const importance = permutationImportance(network, test, test.rows, test.labels, config.seed);
  const networkInfo = {
    backend: o.backend,
    epochs: network.metadata.history.length,
    bestEpoch: network.metadata.bestEpoch,
  };
  const intervals = intervalsSection(step, valid, test, config, o.valueHorizon / sets.fitValueHorizon);
  step.candidates.network.dispose();
  step.final?.network.dispose();
  const declared = eventTypeLabels(await eventTypeDeclarations(db));
  // How text was read, where there is feedback text at all (a purchase log has none).
  const [{ texts }] = await db.all<{ texts: boolean }>('SELECT EXISTS (SELECT 1 FROM text_signals) AS texts');
  const text = texts ? await textState(db) : null;
  return {
    ...(o.without ? { without: o.without } : {}),
    voice: text?.quality ?? null,
    split,
    asOf,
    horizonDays: o.horizon,
    churnDefinition: churnSentence(config.churn, o.horizon, 'en', declared),
    ...(btydChurnApplies(config.churn) ? {} : { btydBaseline: btydNotApplicable(config.churn, o.horizon, declared) }),
    valueHorizonDays: o.valueHorizon,
    fitValueHorizonDays: sets.fitValueHorizon,
    customers: { train: train.rows, valid: valid.rows, test: test.rows },
    cutoffs: { ...sets.cutoffs, test: asOf },
    finalFit: step.final ? { rows: train.rows + valid.rows } : null,
    trainingLabelsUntil: sets.trainingLabelsUntil,
    champion: CHAMPION,
    shipped: { churn: step.selection.churn.winner, value: step.selection.value.winner },
    selection: shippedSummary(step.selection),
    models,
    network: networkInfo,
    importance,
    detail,
    intervals,
  };
}

/** A model's predictions on the test customers; `probabilistic: false` for a score that is not a probability. */
interface Scored {
  name: string;
  churn?: ArrayLike<number>;
  probabilistic?: boolean;
  value?: ArrayLike<number>;
}

/** What would ship, every candidate (calibrated on the validation window), the stacks and the recency rule, on the test customers. */
function scoreTest(step: FitAndChoose, sets: Sets, o: AtOptions): Scored[] {
  const { selection, validPredictions } = step;
  const { valid, test } = sets;
  const testPredictions = predictCandidates(step.shipping, test, o.config.churn);
  // Value models learned from shorter windows than the test's predict a shorter window's spend.
  const stretch = o.valueHorizon / sets.fitValueHorizon;
  const yv = valid.labels.churned;
  const vv = valid.labels.value;
  const scored: Scored[] = [];
  const shippedValue = applyValueHead(selection.heads.value.head, testPredictions.value).map(
    (x) => x * selection.value.level * stretch,
  );
  scored.push({
    name: CHAMPION,
    churn: applyChurnHead(selection.heads.churn.head, testPredictions.churn),
    probabilistic: true,
    value: shippedValue,
  });
  const names = [...new Set([...Object.keys(testPredictions.churn), ...Object.keys(testPredictions.value)])];
  for (const name of names) {
    const churnTest = testPredictions.churn[name];
    const valueTest = testPredictions.value[name];
    scored.push({
      name,
      ...(churnTest
        ? {
            churn: applyCalibration(
              fitCalibration(o.config.model.calibration, yv, validPredictions.churn[name]),
              churnTest,
            ),
            probabilistic: true,
          }
        : {}),
      ...(valueTest ? { value: scale(valueTest, levelFactor(validPredictions.value[name], vv) * stretch) } : {}),
    });
  }
  // The stacks refitted on the whole validation window, whether or not they won.
  const churnMembers = Object.keys(validPredictions.churn);
  const valueMembers = Object.keys(validPredictions.value);
  const churnStack = fitChurnStack(
    churnMembers,
    churnMembers.map((m) => validPredictions.churn[m]),
    yv,
  );
  const valueStack = fitValueStack(
    valueMembers,
    valueMembers.map((m) => validPredictions.value[m]),
    vv,
  );
  const valueStackValid = applyValueStack(
    valueStack,
    valueMembers.map((m) => validPredictions.value[m]),
  );
  scored.push({
    name: STACK,
    churn: applyChurnStack(
      churnStack,
      churnMembers.map((m) => testPredictions.churn[m]),
    ),
    probabilistic: true,
    value: scale(
      applyValueStack(
        valueStack,
        valueMembers.map((m) => testPredictions.value[m]),
      ),
      levelFactor(valueStackValid, vv) * stretch,
    ),
  });
  scored.push({ name: 'recency', churn: test.numeric.recency_days, probabilistic: false });
  return scored;
}

/** Each scored model's held-out metrics, and the detail (curves, deciles) behind them. */
function testMetrics(scored: Scored[], test: LabelledSet): Pick<EvaluationReport, 'models' | 'detail'> {
  const y = test.labels.churned;
  const v = test.labels.value;
  const models: ModelEvaluation[] = scored.map((s) => ({
    name: s.name,
    ...(s.churn ? { churn: churnMetrics(y, s.churn, s.probabilistic ?? true) } : {}),
    ...(s.value ? { value: valueMetrics(v, s.value) } : {}),
  }));
  const detail = Object.fromEntries(
    scored.map((s) => [
      s.name,
      {
        ...(s.churn ? { churn: churnDetail(y, s.churn, s.probabilistic ?? true) } : {}),
        ...(s.value ? { valueDeciles: valueDecileChart(v, s.value) } : {}),
      },
    ]),
  );
  return { models, detail };
}

/** Time split at E: every label the models learn from or are chosen on ends by E. */
async function timeSets(db: Database, o: AtOptions): Promise<Sets> {
  const { asOf, horizon, valueHorizon, range, config } = o;
  const first = range.firstEvent!;
  const trainCutoffsFor = (valid: string) => trainingCutoffs(valid, horizon, config.model.snapshots, first);
  // A full value window before E where the history allows; else an H-day one (a shorter proxy).
  let validCutoff = addDays(asOf, -Math.max(horizon, valueHorizon));
  let fitValueHorizon = valueHorizon;
  let trainCutoffs = trainCutoffsFor(validCutoff);
  if (trainCutoffs.length === 0 && valueHorizon > horizon) {
    validCutoff = addDays(asOf, -horizon);
    fitValueHorizon = horizon;
    trainCutoffs = trainCutoffsFor(validCutoff);
    o.logger.warn(
      `the history before ${asOf} cannot hold a ${valueHorizon}-day value window before a validation window: the value models learn from ${horizon}-day spend (fitValueHorizonDays)`,
    );
  }
  if (trainCutoffs.length === 0) {
    throw new UserError(
      `not enough history for a time split at ${asOf}: training needs events from ${addDays(validCutoff, -horizon - MIN_HISTORY_DAYS)}, history starts ${first}` +
        (o.backtest && o.backtest > 1
          ? ` (--backtest ${o.backtest} reaches back to ${addDays(o.asOf, 0)}; use fewer dates or a later --as-of)`
          : ''),
    );
  }
  const read = (cutoff: string, valueDays: number, until: string) =>
    labelledSnapshot(db, cutoff, {
      horizonDays: horizon,
      valueHorizonDays: valueDays,
      observedUntil: until,
      btydInputs: config.model.btydFeatures,
      churn: config.churn,
      voice: config.voice,
      seed: config.seed,
      without: o.without,
    });
  const valid = await read(validCutoff, fitValueHorizon, asOf);
  const trainSets: LabelledSet[] = [];
  for (const cutoff of trainCutoffs) trainSets.push(await read(cutoff, fitValueHorizon, asOf));
  // The members read inputs as they were fitted (BG/NBD x Gamma-Gamma over the same, maybe shorter,
  // window); the labels are the full Hv-day value (read last, so the stored snapshot keeps them).
  const inputs = fitValueHorizon !== valueHorizon ? await read(asOf, fitValueHorizon, range.defaultAsOf!) : null;
  let test = await read(asOf, valueHorizon, range.defaultAsOf!);
  if (inputs) {
    const at = new Map(inputs.customerIds.map((id, i) => [id, i]));
    test = {
      ...subset(
        inputs,
        test.customerIds.map((id) => at.get(id)!),
      ),
      labels: test.labels,
    };
  }
  const lastLabel = [validCutoff, ...trainCutoffs]
    .map((c) => addDays(c, Math.max(horizon, fitValueHorizon) - 1))
    .sort()
    .at(-1)!;
  return {
    train: stack(trainSets),
    valid,
    test,
    cutoffs: { train: trainCutoffs, valid: validCutoff },
    trainingLabelsUntil: lastLabel,
    fitValueHorizon,
  };
}

async function customerSets(db: Database, o: AtOptions): Promise<Sets> {
  const { asOf, horizon, valueHorizon, range, config } = o;
  const all = await labelledSnapshot(db, asOf, {
    horizonDays: horizon,
    valueHorizonDays: valueHorizon,
    observedUntil: range.defaultAsOf!,
    btydInputs: config.model.btydFeatures,
    churn: config.churn,
    voice: config.voice,
    seed: config.seed,
    without: o.without,
  });
  const sets = o.assigned ? fromSplitFile(all, o) : byHash(all, o.run);
  return {
    ...sets,
    cutoffs: { train: [asOf], valid: asOf },
    trainingLabelsUntil: addDays(asOf, Math.max(horizon, valueHorizon) - 1),
    fitValueHorizon: valueHorizon,
  };
}

/** Run 0 keeps the salts every earlier evaluation used; later runs of a backtest draw other customers. */
function byHash(all: LabelledSet, run: number) {
  const salt = run === 0 ? '' : `${run + 1}:`;
  const parts = splitByHash(all, 0.2, `test:${salt}`);
  const inner = splitByHash(parts.kept, 0.125, `valid:${salt}`);
  return { train: inner.kept, valid: inner.held, test: parts.held };
}

/** The run's sets as the split file gives them. */
function fromSplitFile(all: LabelledSet, o: AtOptions) {
  const at = splitPositions(o.assigned!.path, o.run, o.assigned!.assignment[o.run], all.customerIds);
  return { train: subset(all, at.train), valid: subset(all, at.valid), test: subset(all, at.test) };
}

function summariseBacktest(reports: EvaluationReport[]): Backtest {
  const names = [...new Set(reports.flatMap((r) => r.models.map((m) => m.name)))];
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  const stats = (values: (number | null)[]) => {
    const xs = values.filter((x): x is number => x !== null && Number.isFinite(x));
    if (xs.length === 0) return { mean: null, sd: null };
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : null;
    return { mean: round(mean), sd: sd === null ? null : round(sd) };
  };
  const models: Backtest['models'] = {};
  for (const name of names) {
    const pick = (r: EvaluationReport) => r.models.find((m) => m.name === name);
    const auc = reports.map((r) => pick(r)?.churn?.auc ?? null);
    const gini = reports.map((r) => pick(r)?.value?.gini ?? null);
    const a = stats(auc);
    const g = stats(gini);
    models[name] = { auc, gini, aucMean: a.mean, aucSd: a.sd, giniMean: g.mean, giniSd: g.sd };
  }
  return { dates: reports.map((r) => r.asOf), models, shipped: reports.map((r) => r.shipped) };
}

function scale(values: ArrayLike<number>, factor: number): Float64Array {
  return Float64Array.from(values, (x) => x * factor);
}
