// Fits the candidate models of each head on the training snapshots and chooses what ships on the
// validation window (models/ensemble/select.ts). Shared by `churn train` and `churn evaluate`, so
// both ship and judge the same thing.
//   network   the multi-task churn + value network (models/churn-clv)
//   logistic  L2 logistic regression on the network's inputs (churn)
//   poisson   L2 Poisson regression on the same inputs (value)
//   gbdt      histogram gradient-boosted trees on the same inputs (churn: logistic loss; value: Poisson)
//   bgnbd     BG/NBD (P(no purchase in H)) x Gamma-Gamma (expected spend in Hv), fitted at each cutoff;
//             a churn candidate only when churn is "no purchase in H" (config `churn`)
//   stack     a second-level fit over all of them on the validation window (cross-fitted to choose)
// Early stopping of the network and the trees watches a hash-chosen 15% of the training customers,
// so the validation window serves only the calibration, the stacks and the choice. Once chosen, the
// candidates a head uses are fitted again on the training and validation rows together
// (`model.finalFit`), keeping the calibrations and stacks chosen on the first fit.
import { ChurnClvModel } from '../../models/churn-clv/churn-clv-model.ts';
import type { EpochLog } from '../../models/churn-clv/fit.ts';
import type { Matrix } from '../../models/churn-clv/matrix.ts';
import { evaluate, type Evaluation } from '../../models/eval/evaluate.ts';
import { fitLogistic } from '../../models/eval/logistic.ts';
import { fitPoisson } from '../../models/eval/poisson.ts';
import {
  applyChurnHead,
  applyValueHead,
  chooseChurn,
  chooseValue,
  type ChurnChoice,
  type ValueChoice,
} from '../../models/ensemble/select.ts';
import { normalizedGini, rocAuc } from '../../models/eval/metrics.ts';
import {
  CANDIDATE,
  leadingColumns,
  memberPredictions,
  usedMembers,
  type Heads,
  type MemberModels,
  type MemberPredictions,
} from '../../models/ensemble/shipped.ts';
import { fitGbdt } from '../../models/gbdt/index.ts';
import { BTYD_FEATURES } from '../btyd/btyd-features.ts';
import { btydChurnApplies, DEFAULT_CHURN, type ChurnConfig } from '../config/churn-definition.ts';
import type { Config } from '../config/config-schema.ts';
import { numericSpecs } from '../features/feature-list.ts';
import { hashUnit, splitByHash, stack, subset, type LabelledSet } from './datasets.ts';

/** Share of training customers whose rows watch early stopping. */
const STOP_SHARE = 0.15;
/**
 * Linear members are fitted on at most this many training rows (every k-th): Newton steps cost
 * rows x inputs^2 each, and ~50 weights are pinned down long before that.
 */
const LINEAR_ROWS = 200_000;
/** Trees are fitted on at most this many rows (every k-th), which caps their cost at scale. */
const GBDT_ROWS = 200_000;

export interface FittedCandidates {
  network: ChurnClvModel;
  members: MemberModels;
  /** Rows the network and the trees trained on, and the rows that watched their early stopping. */
  rows: { fit: number; stop: number };
}

/** The member models fitCandidates can fit besides the network (all of them by default). */
export type MemberName = Exclude<keyof MemberModels, 'inputs'>;
const ALL_MEMBERS: readonly MemberName[] = ['logistic', 'poisson', 'gbdtChurn', 'gbdtValue'];

export async function fitCandidates(
  train: LabelledSet,
  config: Config,
  onEpoch?: (log: EpochLog) => void,
  log: (message: string) => void = () => {},
  only: readonly MemberName[] = ALL_MEMBERS,
): Promise<FittedCandidates> {
  const { kept: fit, held: stop } = splitByHash(train, STOP_SHARE, 'stop:');
  const useBtyd = config.model.btydFeatures;
  // The snapshot's columns: the fixed features and those this history has (feature-set.ts).
  const btydNames = new Set(BTYD_FEATURES.map((f) => f.name));
  const numeric = numericSpecs(Object.keys(train.numeric).filter((name) => !btydNames.has(name)));
  const network = await ChurnClvModel.train(
    fit,
    stop,
    {
      numeric: useBtyd ? [...numeric, ...BTYD_FEATURES] : numeric,
      categorical: Object.keys(train.categorical),
    },
    networkFitOptions(config),
    onEpoch,
  );
  // The members read the plain inputs (numeric and one-hot), not the network's piecewise components.
  const inputs = plainInputs(network);
  const matrix = (set: LabelledSet) => leadingColumns(network.inputMatrix(set, set.rows), inputs);
  if (only.length) log(`candidates: ${only.join(', ')} on ${Math.min(fit.rows, GBDT_ROWS).toLocaleString('en')} rows`);
  const want = new Set(only);
  const members: MemberModels = { inputs };
  if (want.has('logistic') || want.has('poisson')) {
    const linear = everyKth(fit, LINEAR_ROWS);
    const lx = matrix(linear);
    if (want.has('logistic'))
      members.logistic = fitLogistic(lx.data, lx.rows, lx.cols, linear.labels.churned, { l2: 1e-3 });
    if (want.has('poisson')) members.poisson = fitPoisson(lx.data, lx.rows, lx.cols, linear.labels.value, { l2: 1e-3 });
  }
  if (want.has('gbdtChurn') || want.has('gbdtValue')) {
    const treeRows = everyKth(fit, GBDT_ROWS);
    const fx = matrix(treeRows);
    const sx = matrix(stop);
    const trees = (y: Float64Array | Float32Array, yStop: Float64Array | Float32Array, loss: 'logistic' | 'poisson') =>
      fitGbdt(fx.data, fx.rows, fx.cols, y, { loss }, { x: sx.data, rows: sx.rows, y: yStop });
    if (want.has('gbdtChurn')) members.gbdtChurn = trees(treeRows.labels.churned, stop.labels.churned, 'logistic');
    // A history without money (logins only, churn as no activity) has no value to learn: no value trees.
    const spend = treeRows.labels.value.some((v) => v > 0);
    if (want.has('gbdtValue') && !spend) log('candidates: no spend in the value labels, so no value trees');
    if (want.has('gbdtValue') && spend) members.gbdtValue = trees(treeRows.labels.value, stop.labels.value, 'poisson');
  }
  return { network, members, rows: { fit: fit.rows, stop: stop.rows } };
}

/**
 * The final fit (`model.finalFit`): once the choice is made, the candidates fitted again on the
 * training and validation rows together. The validation window holds the most recent labels, which
 * matter most when behaviour drifts; the heads' calibrations and stacks stay those chosen on the
 * first fit's validation predictions. Null when the config keeps the first fit.
 */
export async function finalFit(
  train: LabelledSet,
  valid: LabelledSet,
  config: Config,
  only: readonly MemberName[] = ALL_MEMBERS,
  onEpoch?: (log: EpochLog) => void,
  log: (message: string) => void = () => {},
): Promise<FittedCandidates | null> {
  if (config.model.finalFit === 'training') return null;
  log(`final fit on the training and validation rows (${(train.rows + valid.rows).toLocaleString('en')})`);
  return fitCandidates(stack([train, valid]), config, onEpoch, log, only);
}

/** The members a selection's heads use: what the final fit must fit again. */
export function membersToRefit(selection: Selection): MemberName[] {
  return ALL_MEMBERS.filter((name) => selection.heads.members[name] !== undefined);
}

/** The selection's heads with their members taken from another fit (the final one). */
export function headsWithMembers(selection: Selection, fitted: FittedCandidates): Heads {
  return { ...selection.heads, members: usedMembers(selection.heads, fitted.members) };
}

/** Numeric inputs and one-hot categories: the network's input columns before its piecewise components. */
function plainInputs(network: ChurnClvModel): number {
  const pre = network.metadata.preprocessor;
  return pre.numeric.length + pre.categorical.reduce((n, c) => n + c.values.length, 0);
}

/**
 * Every candidate's predictions on a labelled set (network uncalibrated). BG/NBD's churn prediction,
 * P(no purchase in H), is left out when churn is defined otherwise: it predicts another event.
 */
export function predictCandidates(
  candidates: FittedCandidates,
  set: LabelledSet,
  churn: ChurnConfig = DEFAULT_CHURN,
): MemberPredictions & { x: Matrix } {
  const x = candidates.network.inputMatrix(set, set.rows);
  const network = candidates.network.predictMatrix(x);
  const predictions = memberPredictions(network, candidates.members, x, set.btyd);
  if (!btydChurnApplies(churn)) delete predictions.churn[CANDIDATE.bgnbd];
  return { ...predictions, x };
}

export interface Selection {
  churn: ChurnChoice;
  value: ValueChoice & { level: number };
  /** The heads as saved with the model (only the member models they use). */
  heads: Heads;
}

/**
 * Chooses each head on the validation set: cross-fitted over two hash halves of its customers,
 * then refitted on all of it. The value level (total matched on the window) is applied after.
 */
export function selectHeads(
  candidates: FittedCandidates,
  valid: LabelledSet,
  config: Config,
  predictions = predictCandidates(candidates, valid, config.churn),
): Selection {
  const fold = Uint8Array.from(valid.customerIds, (id) => (hashUnit(id, 'select:') < 0.5 ? 0 : 1));
  const list = (named: Record<string, Float64Array>) =>
    Object.entries(named).map(([name, p]) => ({ name, predictions: p }));
  const churn = chooseChurn(list(predictions.churn), valid.labels.churned, fold, config.model.calibration);
  const value = chooseValue(list(predictions.value), valid.labels.value, fold);
  const level =
    config.model.valueCalibration === 'level' ? levelFactor(value.predictions[value.winner], valid.labels.value) : 1;
  const heads: Heads = {
    format: 'heads/1',
    churn: { winner: churn.winner, head: churn.head },
    value: { winner: value.winner, head: value.head, level },
    members: {},
  };
  heads.members = usedMembers(heads, candidates.members);
  return { churn, value: { ...value, level }, heads };
}

/** Actual total / predicted total on the window; 1 when either has no spend. */
export function levelFactor(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  let p = 0;
  let a = 0;
  for (let i = 0; i < actual.length; i++) {
    p += predicted[i];
    a += actual[i];
  }
  return p > 0 && a > 0 ? a / p : 1;
}

/** Every k-th row, k the smallest step that keeps at most `max` rows (all rows when they fit). */
export function everyKth(set: LabelledSet, max: number): LabelledSet {
  const step = Math.ceil(set.rows / max);
  return step > 1
    ? subset(
        set,
        Array.from({ length: Math.ceil(set.rows / step) }, (_, k) => k * step),
      )
    : set;
}

/** The network's fit options from the model config (what is not about calibration or snapshots). */
export function networkFitOptions(config: Config) {
  const {
    calibration: _c,
    valueCalibration: _v,
    snapshots: _s,
    btydFeatures: _b,
    finalFit: _f,
    ...options
  } = config.model;
  return { ...options, seed: config.seed };
}

/**
 * The shipped heads' metrics on the validation window, with every candidate beside them: all
 * cross-fitted, i.e. selection metrics (the window chose the model, so they are not held-out ones).
 */
export function selectionEvaluation(selection: Selection, valid: LabelledSet): Evaluation {
  const { churn, value } = selection;
  const shippedValue = value.predictions[value.winner].map((v) => v * value.level);
  const names = [...new Set([...Object.keys(churn.predictions), ...Object.keys(value.predictions)])].filter(
    (n) => churn.predictions[n],
  );
  return evaluate({
    churned: valid.labels.churned,
    churnProb: churn.predictions[churn.winner],
    actualValue: valid.labels.value,
    predictedValue: shippedValue,
    recencyDays: valid.numeric.recency_days,
    baselines: names.map((name) => ({
      name,
      churnProb: churn.predictions[name],
      ...(value.predictions[name] ? { predictedValue: value.predictions[name] } : {}),
    })),
  });
}

/** What ships and why, for the model card: the winners and every candidate's selection metric. */
export function shippedSummary(selection: Selection) {
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return {
    metrics: 'selection: cross-fitted over two halves of the validation window',
    churn: {
      model: selection.churn.winner,
      candidates: selection.churn.ranking.map((r) => ({
        name: r.name,
        auc: round(r.auc),
        logLoss: round(r.logLoss),
        ece: round(r.ece),
      })),
    },
    value: {
      model: selection.value.winner,
      level: round(selection.value.level),
      candidates: selection.value.ranking.map((r) => ({ name: r.name, gini: round(r.gini) })),
    },
  };
}

/** "stack (AUC 0.842, +0.003 over logistic)": the winner and its margin over the runner-up. */
export function describeChoice(ranking: { name: string; metric: number }[], metric: string): string {
  const [first, second] = ranking;
  if (!second) return `${first.name} (${metric} ${first.metric.toFixed(3)})`;
  return `${first.name} (${metric} ${first.metric.toFixed(3)}, ${first.metric - second.metric >= 0 ? '+' : ''}${(first.metric - second.metric).toFixed(3)} over ${second.name})`;
}

/**
 * The saved model (heads and the members they use) on the whole validation window: in-sample for
 * the calibrations and stacks, and for the final fit's members, so not a measure of quality; what a
 * loaded model must reproduce exactly.
 */
export function refitMetrics(heads: Heads, predictions: MemberPredictions, valid: LabelledSet, level: number) {
  const churn = applyChurnHead(heads.churn.head, predictions.churn);
  const value = applyValueHead(heads.value.head, predictions.value).map((v) => v * level);
  return {
    note: 'the saved model on the validation window (in-sample): a check of the saved model, not a quality measure',
    auc: rocAuc(valid.labels.churned, churn),
    gini: normalizedGini(valid.labels.value, value),
  };
}
