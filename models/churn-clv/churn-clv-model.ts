// The churn + CLV model as one object: preprocessing state, the network and its metadata, trained,
// saved, loaded and applied together so scoring can never use a different transform than training.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tensor1d, type LayersModel } from '@tensorflow/tfjs';
import { applyCalibration, fitCalibration, type Calibration, type CalibrationMethod } from '../eval/calibration.ts';
import { fitEnsemble, resolveMembers, type MemberLog } from './ensemble.ts';
import { type EpochLog, type EpochTiming, type FitOptions, type Labels } from './fit.ts';
import { loadNetwork, saveNetwork } from './io.ts';
import type { Matrix } from './matrix.ts';
import { predictNetwork, type Predictions } from './predict.ts';
import {
  fitPreprocessor,
  inputNames,
  transform,
  type FeatureColumns,
  type NumericColumnSpec,
  type Preprocessor,
} from './preprocess.ts';

export const MODEL_FORMAT = 'churn-clv/1';

export interface TrainingSet extends FeatureColumns {
  rows: number;
  labels: Labels;
}

export interface ModelMetadata {
  format: typeof MODEL_FORMAT;
  preprocessor: Preprocessor;
  inputs: string[];
  fit: FitOptions;
  bestEpoch: number;
  /** The first member's epochs (every member's early stopping is in `members`). */
  history: EpochLog[];
  /** Seeds and early stopping of the averaged networks (absent: one network). */
  members?: MemberLog[];
  /** Free-form facts from the caller: training window, metrics, versions, backend. */
  info: Record<string, unknown>;
  /** Input row of a typical active customer (median of the non-churned training rows), for attributions. */
  reference?: number[];
  /** Post-hoc calibration of the churn probability (absent: none). */
  calibration?: Calibration;
  /** Level calibration of the predicted value (absent: none); already folded into the network's weights. */
  valueCalibration?: ValueCalibration;
  weightsSha256?: string;
}

/**
 * The predicted value scaled so that its total matches the actual total on labelled rows the weights
 * did not see (the validation window). The factor is added to the lognormal location as log(factor),
 * which multiplies every expected value by it, so every way of scoring the saved network applies it.
 */
export interface ValueCalibration {
  method: 'level';
  /** Multiplier of the expected value (product of every level calibration applied). */
  factor: number;
  /** Totals on the calibration rows before it was applied. */
  predictedTotal: number;
  actualTotal: number;
  rows: number;
}

/** How fast the network trained (not saved: timings differ run to run, the model must not). */
export interface TrainingSpeed {
  /** Training rows per second per epoch (shuffle, batches and the validation loss included). */
  rowsPerSecond: number;
  /** Over every averaged network. */
  seconds: number;
  /** Epochs of the first network (each network's are in `epochTimings`, tagged with `member`). */
  epochs: number;
  /** Each epoch's wall time and rows/s. */
  epochTimings: EpochTiming[];
}

export class ChurnClvModel {
  constructor(
    readonly network: LayersModel,
    readonly metadata: ModelMetadata,
    /** Set when the model was trained in this process. */
    readonly trainingSpeed?: TrainingSpeed,
  ) {}

  static async train(
    train: TrainingSet,
    valid: TrainingSet,
    specs: { numeric: readonly NumericColumnSpec[]; categorical: readonly string[] },
    options: FitOptions,
    onEpoch?: (log: EpochLog) => void,
  ): Promise<ChurnClvModel> {
    const preprocessor = fitPreprocessor(train, specs.numeric, specs.categorical, options.numericBins ?? 0);
    const trainX = toMatrix(preprocessor, train, train.rows);
    const validX = toMatrix(preprocessor, valid, valid.rows);
    const result = await fitEnsemble(
      resolveMembers(options.members, trainX.rows),
      trainX,
      train.labels,
      validX,
      valid.labels,
      options,
      onEpoch,
    );
    return new ChurnClvModel(
      result.model,
      {
        reference: medianRow(trainX, train.labels.churned),
        format: MODEL_FORMAT,
        preprocessor,
        inputs: inputNames(preprocessor),
        fit: options,
        bestEpoch: result.bestEpoch,
        history: result.history,
        ...(result.members.length > 1 ? { members: result.members } : {}),
        info: {},
      },
      {
        rowsPerSecond: result.rowsPerSecond,
        seconds: result.seconds,
        epochs: result.history.length,
        epochTimings: result.epochs,
      },
    );
  }

  /** Churn probability (calibrated when the model has a calibration) and expected value. */
  predict(columns: FeatureColumns, rows: number): Predictions {
    const raw = this.predictUncalibrated(columns, rows);
    return this.metadata.calibration
      ? { ...raw, churnProb: applyCalibration(this.metadata.calibration, raw.churnProb) }
      : raw;
  }

  predictUncalibrated(columns: FeatureColumns, rows: number): Predictions {
    return predictNetwork(this.network, toMatrix(this.metadata.preprocessor, columns, rows));
  }

  /** The network's input matrix for these rows (for permutation importance). */
  inputMatrix(columns: FeatureColumns, rows: number): Matrix {
    return toMatrix(this.metadata.preprocessor, columns, rows);
  }

  /** Uncalibrated predictions for an input matrix. */
  predictMatrix(x: Matrix): Predictions {
    return predictNetwork(this.network, x);
  }

  /** Fits the churn calibration on labelled rows not used for the weights (the validation window). */
  calibrate(method: CalibrationMethod, columns: FeatureColumns, rows: number, churned: ArrayLike<number>): Calibration {
    const calibration = fitCalibration(method, churned, this.predictUncalibrated(columns, rows).churnProb);
    this.metadata.calibration = calibration;
    return calibration;
  }

  /** Fits and applies the value level calibration on labelled rows not used for the weights. */
  calibrateValue(columns: FeatureColumns, rows: number, actual: ArrayLike<number>): ValueCalibration {
    const predicted = this.predictUncalibrated(columns, rows).value;
    let predictedTotal = 0;
    let actualTotal = 0;
    for (let i = 0; i < rows; i++) {
      predictedTotal += predicted[i];
      actualTotal += actual[i];
    }
    // Without spend on either side there is no level to match; leave the network as it is.
    const factor = predictedTotal > 0 && actualTotal > 0 ? actualTotal / predictedTotal : 1;
    shiftValueLocation(this.network, Math.log(factor));
    const calibration: ValueCalibration = {
      method: 'level',
      factor: factor * (this.metadata.valueCalibration?.factor ?? 1),
      predictedTotal,
      actualTotal,
      rows,
    };
    this.metadata.valueCalibration = calibration;
    return calibration;
  }

  /** Writes model.json, weights.bin and metadata.json into `dir`. */
  async save(dir: string): Promise<{ weightsSha256: string }> {
    const { weightsSha256 } = await saveNetwork(dir, this.network);
    this.metadata.weightsSha256 = weightsSha256;
    writeFileSync(join(dir, 'metadata.json'), JSON.stringify(this.metadata, null, 2) + '\n');
    return { weightsSha256 };
  }

  static async load(dir: string): Promise<ChurnClvModel> {
    const metadata = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')) as ModelMetadata;
    if (metadata.format !== MODEL_FORMAT) throw new Error(`unsupported model format in ${dir}: ${metadata.format}`);
    return new ChurnClvModel(await loadNetwork(dir), metadata);
  }

  dispose(): void {
    this.network.dispose();
  }
}

/** Adds `delta` to the bias of the lognormal location output (column 2 of the heads layer). */
function shiftValueLocation(network: LayersModel, delta: number): void {
  const layer = network.getLayer('heads');
  const [kernel, bias] = layer.getWeights();
  const values = Float32Array.from(bias.dataSync());
  values[2] += delta;
  const shifted = tensor1d(values);
  layer.setWeights([kernel, shifted]);
  shifted.dispose();
}

function toMatrix(pre: Preprocessor, columns: FeatureColumns, rows: number): Matrix {
  const cols = inputNames(pre).length;
  return { data: transform(pre, columns, rows), rows, cols };
}

/** Median of each input over the rows that did not churn: a typical active customer. */
function medianRow(x: Matrix, churned: ArrayLike<number>): number[] {
  let kept = 0;
  for (let i = 0; i < x.rows; i++) if (churned[i] === 0) kept++;
  const rows = kept ? Int32Array.from({ length: kept }) : Int32Array.from({ length: x.rows }, (_, i) => i);
  if (kept) for (let i = 0, k = 0; i < x.rows; i++) if (churned[i] === 0) rows[k++] = i;
  const column = new Float64Array(rows.length);
  return Array.from({ length: x.cols }, (_, j) => {
    for (let k = 0; k < rows.length; k++) column[k] = x.data[rows[k] * x.cols + j];
    return column.length ? select(column, Math.floor(column.length / 2)) : 0;
  });
}

/**
 * The k-th smallest value (0-based; what `sort()[k]` gives for numbers without NaN), by quickselect:
 * a full sort of each column cost seconds at 1M rows. Reorders `values`.
 */
function select(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
}
