// The network part of scoring: calibrated churn probability, expected value and (optionally) the
// attribution of each customer's churn score to the reason groups. With `workers` > 1 the rows are
// split into contiguous slices, each scored on its own worker thread with its own tfjs backend
// (wasm runs single-threaded in Node, so threads are the way to use more cores). Each row's output
// depends only on that row, so the result is the same as on one thread (test/shard.test.ts).
import type { ChurnClvModel } from '../../models/churn-clv/churn-clv-model.ts';
import { occlusionAttribution, occlusionAttributionOf } from '../../models/churn-clv/attribution.ts';
import type { BtydColumns, ShippedModel } from '../../models/ensemble/shipped.ts';
import type { Matrix } from '../../models/churn-clv/matrix.ts';
import type { FeatureColumns } from '../../models/churn-clv/preprocess.ts';
import { applyCalibration } from '../../models/eval/calibration.ts';
import { runWorker } from '../worker.ts';
import { driverGroups } from './drivers.ts';

export interface InferenceOptions {
  /** Worker threads for the network (1 = this thread). */
  workers: number;
  /** Compute attributions (the per-customer explanations); without them reasons keep the rule order. */
  explanations: boolean;
  /** Per driver group, the rows whose attribution is needed (the reasons that hold); default all. */
  only?: readonly Uint8Array[];
}

export interface Inference {
  churnProb: Float64Array;
  value: Float64Array;
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
}

export interface SliceResult {
  rawChurnProb: Float64Array;
  value: Float64Array;
  attributions: Float64Array[] | null;
}

/**
 * The shipped model's outputs. A version with heads (a chosen candidate or stack per head) applies
 * them on this thread (its members are plain JS over the same input matrix; the network may run on
 * workers), and attributions occlude the shipped churn score itself, BG/NBD's part held at the row's
 * own value.
 */
export async function inferShipped(shipped: ShippedModel, modelPath: string, columns: FeatureColumns, rows: number, btyd: BtydColumns, options: InferenceOptions): Promise<Inference> {
  if (!shipped.heads) return infer(shipped.network, modelPath, columns, rows, options);
  const model = shipped.network;
  const x = model.inputMatrix(columns, rows);
  // The network's own outputs on worker threads when asked (its calibration is in the heads, not in it).
  const network = options.workers > 1 ? await infer(model, modelPath, columns, rows, { ...options, explanations: false }) : undefined;
  const { churnProb, value } = shipped.predictMatrix(x, btyd, network);
  const reference = model.metadata.reference;
  if (!options.explanations || reference === undefined) return { churnProb, value, attributions: null };
  const pick = (column: ArrayLike<number>, at: readonly number[]) => Float64Array.from(at, (i) => column[i]);
  const score = (sub: Matrix, at: readonly number[]) =>
    shipped.churnMatrix(sub, { pNoPurchase: pick(btyd.pNoPurchase, at), expectedValue: pick(btyd.expectedValue, at) });
  const attributions = occlusionAttributionOf(score, x, reference, driverGroups(model.metadata.inputs), churnProb, options.only);
  return { churnProb, value, attributions };
}

export async function infer(model: ChurnClvModel, modelPath: string, columns: FeatureColumns, rows: number, options: InferenceOptions): Promise<Inference> {
  const explain = options.explanations && model.metadata.reference !== undefined;
  const groups = explain ? driverGroups(model.metadata.inputs) : null;
  const workers = Math.max(1, Math.min(options.workers, Math.ceil(rows / 1024)));
  const x = model.inputMatrix(columns, rows);
  if (workers <= 1) return calibrated(model, [scoreSlice(model, x, groups, options.only ?? null)], groups);
  const size = Math.ceil(rows / workers);
  const slices = await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const start = w * size;
      const end = Math.min(rows, start + size);
      return runSlice({
        modelPath,
        backend: process.env.CHURN_TF_BACKEND,
        data: x.data.slice(start * x.cols, end * x.cols),
        rows: end - start,
        cols: x.cols,
        groups,
        only: groups && options.only ? options.only.map((mask) => mask.slice(start, end)) : null,
      });
    }),
  );
  return calibrated(model, slices, groups);
}

/** The network's outputs for one slice of rows: one pass for the scores, whose churn logits the attributions start from. */
export function scoreSlice(model: ChurnClvModel, x: Matrix, groups: number[][] | null, only: readonly Uint8Array[] | null): SliceResult {
  const { churnProb, value } = model.predictMatrix(x);
  const reference = model.metadata.reference;
  const attributions = groups && reference ? occlusionAttribution(model.network, x, reference, groups, only ?? undefined, churnProb) : null;
  return { rawChurnProb: churnProb, value, attributions };
}

/** Slices joined in order, the churn calibration applied once over all of them. */
function calibrated(model: ChurnClvModel, slices: SliceResult[], groups: number[][] | null): Inference {
  const raw = concat(slices.map((s) => s.rawChurnProb));
  const calibration = model.metadata.calibration;
  return {
    churnProb: calibration ? applyCalibration(calibration, raw) : raw,
    value: concat(slices.map((s) => s.value)),
    attributions: groups ? groups.map((_, g) => concat(slices.map((s) => s.attributions![g]))) : null,
  };
}

function runSlice(request: SliceRequest): Promise<SliceResult> {
  return runWorker<SliceResult>(new URL('./inference-worker.ts', import.meta.url), request, 'scoring worker', [request.data.buffer as ArrayBuffer]);
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
