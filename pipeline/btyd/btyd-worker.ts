// computeBtyd on a worker thread: the summary's numbers in, the fits and per-customer columns out
// (customer ids stay on the main thread; rows are in the same order).
import { parentPort } from 'node:worker_threads';
import { workerInput } from '../worker.ts';
import { computeBtyd, type BtydWorkerRequest } from './customer-btyd.ts';

try {
  const { summary, options } = workerInput<BtydWorkerRequest>();
  const out = computeBtyd({ ...summary, customerIds: [] }, options);
  const columns = [out.pAlive, out.expectedPurchases, out.pNoPurchase, out.expectedSpend, out.expectedValue, out.clv];
  parentPort!.postMessage(
    { ...out, rfm: undefined },
    columns.map((c) => c.buffer as ArrayBuffer),
  );
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
