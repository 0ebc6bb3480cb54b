// The models' part of scoring: calibrated churn probability, expected value and (optionally) the
// attribution of each customer's churn score to the reason groups. With `workers` > 1 the rows are
// split into contiguous slices, each scored (network, member models, attributions) on its own worker
// thread with its own tfjs backend (wasm runs single-threaded in Node, so threads are the way to use
// more cores). Each row's output depends only on that row, so the result is the same as on one
// thread (test/shard.test.ts).
import type { ChurnClvModel } from '../../models/churn-clv/churn-clv-model.ts';
import { occlusionAttribution } from '../../models/churn-clv/attribution.ts';
import { predictExplained } from '../../models/ensemble/shipped-attribution.ts';
import type { BtydColumns, ShippedModel } from '../../models/ensemble/shipped.ts';
import type { Matrix } from '../../models/churn-clv/matrix.ts';
import type { FeatureColumns } from '../../models/churn-clv/preprocess.ts';
import { applyCalibration } from '../../models/eval/calibration.ts';
import { runWorker } from '../worker.ts';
import { driverGroups } from './drivers.ts';

export interface InferenceOptions {
  /** Worker threads for the models (1 = this thread). */
  workers: number;
  /** Compute attributions (the per-customer explanations); without them reasons keep the rule order. */
  explanations: boolean;
  /** Per driver group, the rows whose attribution is needed (the reasons that hold); default all. */
  only?: readonly Uint8Array[];
  /** The driver groups' inputs, by reason code (reason-book.ts); default the fixed DRIVER_FEATURES. */
  drivers?: Readonly<Record<string, readonly string[]>>;
  /** Also the churn probability's interval at this level, where the version saved its bootstrap. */
  churnLevel?: number;
}

export interface Inference {
  churnProb: Float64Array;
  value: Float64Array;
  /** The churn probability's interval (models/ensemble/churn-intervals.ts); absent without a saved bootstrap. */
  churnLow?: Float64Array;
  churnHigh?: Float64Array;
  /** Per driver group (DRIVER_CODES order), per row; null without explanations or a reference row. */
  attributions: Float64Array[] | null;
}

/** What a worker is sent and returns (see inference-worker.ts). */
export interface SliceRequest {
  modelPath: string;
  backend: string | undefined;
  data: Float32Array;
  rows: number;
  cols: number;
  groups: number[][] | null;
  only: Uint8Array[] | null;
  /** BG/NBD x Gamma-Gamma of the slice's rows, for a version with heads. */
  btyd: { pNoPurchase: Float64Array; expectedValue: Float64Array } | null;
  churnLevel: number | undefined;
}

export interface SliceResult {
  /** Uncalibrated for a version without heads (calibrated over all slices at once), else the shipped probability. */
  churnProb: Float64Array;
  value: Float64Array;
  churnLow?: Float64Array;
  churnHigh?: Float64Array;
  attributions: Float64Array[] | null;
}

/**
 * The shipped model's outputs. A version with heads (a chosen candidate or stack per head) scores
 * each slice of rows with every member on the same thread, and attributions occlude the shipped
 * churn score itself, BG/NBD's part held at the row's own value (models/ensemble/shipped-attribution.ts).
 */
export async function inferShipped(
  shipped: ShippedModel,
  modelPath: string,
  columns: FeatureColumns,
  rows: number,
  btyd: BtydColumns,
  options: InferenceOptions,
): Promise<Inference> {
  if (!shipped.heads) return infer(shipped.network, modelPath, columns, rows, options);
  return inferShippedMatrix(shipped, modelPath, shipped.inputMatrix(columns, rows), btyd, options);
}

export async function inferShippedMatrix(
  shipped: ShippedModel,
  modelPath: string,
  x: Matrix,
  btyd: BtydColumns,
  options: InferenceOptions,
): Promise<Inference> {
  const groups = explanationGroups(shipped.network, options);
  const btydOf = (start: number, end: number) => ({
    pNoPurchase: Float64Array.from({ length: end - start }, (_, k) => btyd.pNoPurchase[start + k]),
    expectedValue: Float64Array.from({ length: end - start }, (_, k) => btyd.expectedValue[start + k]),
  });
  const slices = await inSlices(x, modelPath, groups, options, btydOf, () =>
    predictExplained(shipped, x, btyd, groups, options.only, options.churnLevel),
  );
  return joined(slices, groups);
}

export async function infer(
  model: ChurnClvModel,
  modelPath: string,
  columns: FeatureColumns,
  rows: number,
  options: InferenceOptions,
): Promise<Inference> {
  const x = model.inputMatrix(columns, rows);
  const groups = explanationGroups(model, options);
  const slices = await inSlices(x, modelPath, groups, options, null, () =>
    scoreSlice(model, x, groups, options.only ?? null),
  );
  // The churn calibration applied once over all slices.
  const joint = joined(slices, groups);
  const calibration = model.metadata.calibration;
  return calibration ? { ...joint, churnProb: applyCalibration(calibration, joint.churnProb) } : joint;
}

function explanationGroups(model: ChurnClvModel, options: InferenceOptions): number[][] | null {
  return options.explanations && model.metadata.reference !== undefined
    ? driverGroups(model.metadata.inputs, options.drivers)
    : null;
}

/** The rows scored on this thread (`here`), or split into contiguous slices, one per worker thread. */
async function inSlices(
  x: Matrix,
  modelPath: string,
  groups: number[][] | null,
  options: InferenceOptions,
  btydOf: ((start: number, end: number) => SliceRequest['btyd']) | null,
  here: () => SliceResult,
): Promise<SliceResult[]> {
  const workers = Math.max(1, Math.min(options.workers, Math.ceil(x.rows / 1024)));
  if (workers <= 1) return [here()];
  const size = Math.ceil(x.rows / workers);
  return Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const start = w * size;
      const end = Math.min(x.rows, start + size);
      return runSlice({
        modelPath,
        backend: process.env.CHURN_TF_BACKEND,
        data: x.data.slice(start * x.cols, end * x.cols),
        rows: end - start,
        cols: x.cols,
        groups,
        only: groups && options.only ? options.only.map((mask) => mask.slice(start, end)) : null,
        btyd: btydOf ? btydOf(start, end) : null,
        churnLevel: options.churnLevel,
      });
    }),
  );
}

/** The network's outputs for one slice of rows: one pass for the scores, whose churn logits the attributions start from. */
export function scoreSlice(
  model: ChurnClvModel,
  x: Matrix,
  groups: number[][] | null,
  only: readonly Uint8Array[] | null,
): SliceResult {
  const { churnProb, value } = model.predictMatrix(x);
  const reference = model.metadata.reference;
  const attributions =
    groups && reference
      ? occlusionAttribution(model.network, x, reference, groups, only ?? undefined, churnProb)
      : null;
  return { churnProb, value, attributions };
}

/** Slices joined in order. */
function joined(slices: SliceResult[], groups: number[][] | null): Inference {
  const bands = slices.every((s) => s.churnLow && s.churnHigh);
  return {
    churnProb: concat(slices.map((s) => s.churnProb)),
    value: concat(slices.map((s) => s.value)),
    ...(bands
      ? { churnLow: concat(slices.map((s) => s.churnLow!)), churnHigh: concat(slices.map((s) => s.churnHigh!)) }
      : {}),
    attributions:
      groups && slices[0].attributions ? groups.map((_, g) => concat(slices.map((s) => s.attributions![g]))) : null,
  };
}

function runSlice(request: SliceRequest): Promise<SliceResult> {
  return runWorker<SliceResult>(new URL('./inference-worker.ts', import.meta.url), request, 'scoring worker', [
    request.data.buffer as ArrayBuffer,
  ]);
}

function concat(parts: Float64Array[]): Float64Array {
  if (parts.length === 1) return parts[0];
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
