// What a model version ships: the network and, from `heads.json`, the head chosen for churn and for
// value among the candidates (a single candidate with its calibration, or a stack of them), with the
// small member models the heads need (logistic and Poisson weights, boosted trees). Every member
// reads the same input matrix as the network; BG/NBD x Gamma-Gamma comes from the caller, computed
// on the same history. A version without heads.json (older ones) ships the network alone.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChurnClvModel } from '../churn-clv/churn-clv-model.ts';
import type { Matrix } from '../churn-clv/matrix.ts';
import type { Predictions } from '../churn-clv/predict.ts';
import type { FeatureColumns } from '../churn-clv/preprocess.ts';
import { applyCalibration } from '../eval/calibration.ts';
import { predictLogistic, type LogisticModel } from '../eval/logistic.ts';
import { predictPoisson, type PoissonModel } from '../eval/poisson.ts';
import { predictGbdt, type GbdtModel } from '../gbdt/index.ts';
import { CHURN_INTERVALS_FORMAT, churnIntervals, type ChurnBootstrap } from './churn-intervals.ts';
import { applyChurnHead, applyValueHead, headMembers, type ChurnChoice, type ValueChoice } from './select.ts';

export const HEADS_FORMAT = 'heads/1';
export const HEADS_FILE = 'heads.json';

/** Candidate names: the members a head may use. */
export const CANDIDATE = {
  network: 'network',
  logistic: 'logistic',
  poisson: 'poisson',
  gbdt: 'gbdt',
  bgnbd: 'bgnbd',
} as const;

export interface MemberModels {
  /**
   * The members read the first `inputs` columns of the network's input matrix: the numeric inputs
   * and the one-hot categories, not the network's piecewise-linear components (appended after them),
   * which trees do not need and which make the linear fits' Newton steps cost (width)^2 per row.
   */
  inputs?: number;
  logistic?: LogisticModel;
  poisson?: PoissonModel;
  gbdtChurn?: GbdtModel;
  gbdtValue?: GbdtModel;
}

export interface Heads {
  format: typeof HEADS_FORMAT;
  churn: { winner: string; head: ChurnChoice['head'] };
  /** `level` multiplies the value head's output: its total matched on the validation window. */
  value: { winner: string; head: ValueChoice['head']; level: number };
  members: MemberModels;
  /** The model options the version was trained with (part of its identity, not read back). */
  modelConfig?: Record<string, unknown>;
}

export interface PredictOptions {
  given?: Record<string, Float64Array>;
  churnLevel?: number;
}

/** The shipped outputs, with the churn probability's interval when asked for and known. */
export interface ShippedPredictions extends Predictions {
  churnLow?: Float64Array;
  churnHigh?: Float64Array;
}

/** BG/NBD x Gamma-Gamma per row (NaN for a customer without a purchase before the cutoff). */
export interface BtydColumns {
  pNoPurchase: ArrayLike<number>;
  expectedValue: ArrayLike<number>;
}

export interface MemberPredictions {
  churn: Record<string, Float64Array>;
  value: Record<string, Float64Array>;
}

/**
 * Every candidate's predictions for the rows of `x`: the network's uncalibrated outputs (null when
 * no head uses them), each member model present, and `given` churn predictions taken as they are
 * instead of running their member (the trees' occluded scores). `btyd` null: no BG/NBD member.
 */
export function memberPredictions(
  network: Predictions | null,
  members: MemberModels,
  x: Matrix,
  btyd: BtydColumns | null,
  heads: { churn: boolean; value: boolean } = { churn: true, value: true },
  given: Record<string, Float64Array> = {},
): MemberPredictions {
  const churn: Record<string, Float64Array> = network
    ? { [CANDIDATE.network]: network.churnProb, ...given }
    : { ...given };
  const value: Record<string, Float64Array> = network ? { [CANDIDATE.network]: network.value } : {};
  x = leadingColumns(x, members.inputs ?? x.cols);
  if (heads.churn && members.logistic)
    churn[CANDIDATE.logistic] ??= predictLogistic(members.logistic, x.data, x.rows, x.cols);
  if (heads.value && members.poisson)
    value[CANDIDATE.poisson] = predictPoisson(members.poisson, x.data, x.rows, x.cols);
  if (heads.churn && members.gbdtChurn)
    churn[CANDIDATE.gbdt] ??= predictGbdt(members.gbdtChurn, x.data, x.rows, x.cols);
  if (heads.value && members.gbdtValue) value[CANDIDATE.gbdt] = predictGbdt(members.gbdtValue, x.data, x.rows, x.cols);
  if (btyd) {
    // Without a purchase before the cutoff BG/NBD says nothing: churned, no value (its baseline rule).
    churn[CANDIDATE.bgnbd] = Float64Array.from(btyd.pNoPurchase, (p) => (Number.isNaN(p) ? 1 : p));
    value[CANDIDATE.bgnbd] = Float64Array.from(btyd.expectedValue, (v) => (Number.isNaN(v) ? 0 : v));
  }
  return { churn, value };
}

/** The first `cols` columns of every row (the matrix itself when that is all of them). */
export function leadingColumns(x: Matrix, cols: number): Matrix {
  if (cols >= x.cols) return x;
  const data = new Float32Array(x.rows * cols);
  for (let i = 0; i < x.rows; i++) data.set(x.data.subarray(i * x.cols, i * x.cols + cols), i * cols);
  return { data, rows: x.rows, cols };
}

/** Only the member models the chosen heads use (what is saved). */
export function usedMembers(heads: Pick<Heads, 'churn' | 'value'>, all: MemberModels): MemberModels {
  const used = new Set([...headMembers(heads.churn.head), ...headMembers(heads.value.head)]);
  return {
    ...(all.inputs !== undefined ? { inputs: all.inputs } : {}),
    ...(used.has(CANDIDATE.logistic) && all.logistic ? { logistic: all.logistic } : {}),
    ...(used.has(CANDIDATE.poisson) && all.poisson ? { poisson: all.poisson } : {}),
    ...(used.has(CANDIDATE.gbdt) && all.gbdtChurn && headMembers(heads.churn.head).includes(CANDIDATE.gbdt)
      ? { gbdtChurn: all.gbdtChurn }
      : {}),
    ...(used.has(CANDIDATE.gbdt) && all.gbdtValue && headMembers(heads.value.head).includes(CANDIDATE.gbdt)
      ? { gbdtValue: all.gbdtValue }
      : {}),
  };
}

export function writeHeads(dir: string, heads: Heads): void {
  writeFileSync(join(dir, HEADS_FILE), JSON.stringify(heads) + '\n');
}

export class ShippedModel {
  constructor(
    readonly network: ChurnClvModel,
    readonly heads: Heads | null,
  ) {}

  static async load(dir: string): Promise<ShippedModel> {
    const network = await ChurnClvModel.load(dir);
    const file = join(dir, HEADS_FILE);
    if (!existsSync(file)) return new ShippedModel(network, null);
    const heads = JSON.parse(readFileSync(file, 'utf8')) as Heads;
    if (heads.format !== HEADS_FORMAT) throw new Error(`unsupported heads format in ${dir}: ${heads.format}`);
    return new ShippedModel(network, heads);
  }

  /** Whether the heads need BG/NBD x Gamma-Gamma predictions from the caller. */
  get needsBtyd(): boolean {
    return (
      this.heads !== null &&
      [...headMembers(this.heads.churn.head), ...headMembers(this.heads.value.head)].includes(CANDIDATE.bgnbd)
    );
  }

  /** Names of the shipped churn and value models (the network for a version without heads). */
  get winners(): { churn: string; value: string } {
    return this.heads
      ? { churn: this.heads.churn.winner, value: this.heads.value.winner }
      : { churn: CANDIDATE.network, value: CANDIDATE.network };
  }

  inputMatrix(columns: FeatureColumns, rows: number): Matrix {
    return this.network.inputMatrix(columns, rows);
  }

  /** The shipped churn probability and value for the columns' rows. */
  predict(columns: FeatureColumns, rows: number, btyd: BtydColumns | null): Predictions {
    return this.predictMatrix(this.inputMatrix(columns, rows), btyd);
  }

  /**
   * From the input matrix; `given`: churn predictions of members already computed (see
   * memberPredictions); `churnLevel`: also the interval of the churn probability at that level, from
   * the bootstrap of the churn head saved with the version (none for a version trained before it).
   */
  predictMatrix(x: Matrix, btyd: BtydColumns | null, options: PredictOptions = {}): ShippedPredictions {
    const raw = this.network.predictMatrix(x);
    if (!this.heads) return { churnProb: this.networkChurn(raw), value: raw.value };
    const members = memberPredictions(
      raw,
      this.heads.members,
      x,
      this.needsBtyd ? (btyd ?? unknownBtyd(x.rows)) : null,
      undefined,
      options.given,
    );
    const value = applyValueHead(this.heads.value.head, members.value);
    const level = this.heads.value.level;
    if (level !== 1) for (let i = 0; i < value.length; i++) value[i] *= level;
    const churnProb = applyChurnHead(this.heads.churn.head, members.churn);
    const bootstrap = options.churnLevel === undefined ? undefined : this.churnBootstrap;
    if (!bootstrap) return { churnProb, value };
    const { low, high } = churnIntervals(bootstrap, members.churn, options.churnLevel, churnProb);
    return { churnProb, value, churnLow: low, churnHigh: high };
  }

  /** The churn head's bootstrap saved with the version (pipeline/train/value-intervals.ts), when it matches the head. */
  get churnBootstrap(): ChurnBootstrap | undefined {
    const stored = (this.network.metadata.info?.intervals as { churn?: ChurnBootstrap } | undefined)?.churn;
    return stored?.format === CHURN_INTERVALS_FORMAT ? stored : undefined;
  }

  /**
   * The shipped churn probability alone (no value member is run, the network only when the churn
   * head uses it), for occlusion attributions of subsets of rows; `given` as in predictMatrix.
   */
  churnMatrix(x: Matrix, btyd: BtydColumns | null, given?: Record<string, Float64Array>): Float64Array {
    if (!this.heads) return this.networkChurn(this.network.predictMatrix(x));
    const network = this.churnMembers.includes(CANDIDATE.network) ? this.network.predictMatrix(x) : null;
    const btydNeeded = this.churnMembers.includes(CANDIDATE.bgnbd) ? (btyd ?? unknownBtyd(x.rows)) : null;
    const members = memberPredictions(network, this.heads.members, x, btydNeeded, { churn: true, value: false }, given);
    return applyChurnHead(this.heads.churn.head, members.churn);
  }

  /** The candidates the churn head reads (none without heads: the network alone). */
  get churnMembers(): string[] {
    return this.heads ? headMembers(this.heads.churn.head) : [];
  }

  /** A version without heads: the network's churn probability with its own calibration. */
  private networkChurn(raw: Predictions): Float64Array {
    const calibration = this.network.metadata.calibration;
    return calibration ? applyCalibration(calibration, raw.churnProb) : raw.churnProb;
  }

  dispose(): void {
    this.network.dispose();
  }
}

/** BG/NBD could not be fitted on this history: every row unknown (members read that as churned, no value). */
function unknownBtyd(rows: number): BtydColumns {
  const nan = new Float64Array(rows).fill(NaN);
  return { pNoPurchase: nan, expectedValue: nan };
}
