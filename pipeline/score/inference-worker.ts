// One slice of rows scored on a worker thread: its own tfjs backend and copy of the model, the
// uncalibrated network outputs and the attributions, sent back to the main thread (inference.ts).
import { parentPort } from 'node:worker_threads';
import { initBackend } from '../../models/churn-clv/backend.ts';
import { occlusionAttribution } from '../../models/churn-clv/attribution.ts';
import { ChurnClvModel } from '../../models/churn-clv/churn-clv-model.ts';
import { workerInput } from '../worker.ts';
import type { SliceRequest, SliceResult } from './inference.ts';

async function run(request: SliceRequest): Promise<SliceResult> {
  await initBackend(request.backend);
  const model = await ChurnClvModel.load(request.modelPath);
  try {
    const x = { data: request.data, rows: request.rows, cols: request.cols };
    const { churnProb, value } = model.predictMatrix(x);
    const attributions = request.groups && model.metadata.reference ? occlusionAttribution(model.network, x, model.metadata.reference, request.groups, request.only ?? undefined) : null;
    return { rawChurnProb: churnProb, value, attributions };
  } finally {
    model.dispose();
  }
}

try {
  const result = await run(workerInput<SliceRequest>());
  const buffers = [result.rawChurnProb, result.value, ...(result.attributions ?? [])].map((a) => a.buffer as ArrayBuffer);
  parentPort!.postMessage(result, buffers);
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
