// The BTYD intervals (score-intervals.ts, startBtydBands) on a worker thread, beside the network.
import { parentPort } from 'node:worker_threads';
import { btydIntervals } from '../btyd/btyd-intervals.ts';
import { workerInput } from '../worker.ts';
import type { BandRequest } from './score-intervals.ts';

try {
  const { rfm, fits, options } = workerInput<BandRequest>();
  const out = btydIntervals(rfm, fits, options);
  const columns = [out.pAliveLow, out.pAliveHigh, out.purchasesLow, out.purchasesHigh, out.clvLow, out.clvHigh];
  parentPort!.postMessage(
    out,
    columns.map((c) => c.buffer as ArrayBuffer),
  );
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
