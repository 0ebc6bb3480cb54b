// Worker-thread entry for every worker: registers tsx's loader in this thread (workers do not
// inherit it), then runs the TypeScript module runWorker named. Kept as .mjs so it loads the same way
// under the CLI and under vitest.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
