// One slice of rows scored on a worker thread: its own tfjs backend and copy of the model, the
// outputs and the attributions sent back to the main thread (inference.ts): with heads, the shipped
// ones; without, the network's uncalibrated ones.
import { parentPort } from 'node:worker_threads';
import { initBackend } from '../../models/churn-clv/backend.ts';
import { predictExplained } from '../../models/ensemble/shipped-attribution.ts';
import { ShippedModel } from '../../models/ensemble/shipped.ts';
import { workerInput } from '../worker.ts';
import { scoreSlice, type SliceRequest, type SliceResult } from './inference.ts';

async function run(request: SliceRequest): Promise<SliceResult> {
  await initBackend(request.backend);
  const shipped = await ShippedModel.load(request.modelPath);
  try {
    const x = { data: request.data, rows: request.rows, cols: request.cols };
    if (shipped.heads && request.btyd)
      return predictExplained(shipped, x, request.btyd, request.groups, request.only ?? undefined, request.churnLevel);
    return scoreSlice(shipped.network, x, request.groups, request.only);
  } finally {
    shipped.dispose();
  }
}

try {
  const result = await run(workerInput<SliceRequest>());
  const { churnProb, value, churnLow, churnHigh, attributions } = result;
  const buffers = [
    churnProb,
    value,
    ...(churnLow && churnHigh ? [churnLow, churnHigh] : []),
    ...(attributions ?? []),
  ].map((a) => a.buffer as ArrayBuffer);
  parentPort!.postMessage(result, buffers);
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
