// One slice of rows scored on a worker thread: its own tfjs backend and copy of the model, the
// uncalibrated network outputs and the attributions, sent back to the main thread (inference.ts).
import { parentPort } from 'node:worker_threads';
import { initBackend } from '../../models/churn-clv/backend.ts';
import { ChurnClvModel } from '../../models/churn-clv/churn-clv-model.ts';
import { workerInput } from '../worker.ts';
import { scoreSlice, type SliceRequest, type SliceResult } from './inference.ts';

async function run(request: SliceRequest): Promise<SliceResult> {
  await initBackend(request.backend);
  const model = await ChurnClvModel.load(request.modelPath);
  try {
    return scoreSlice(model, { data: request.data, rows: request.rows, cols: request.cols }, request.groups, request.only);
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
