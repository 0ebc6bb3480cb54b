// One piece of work on a worker thread: the module (a .ts file) reads `workerInput()`, posts one
// message back with its result (or `{ error }`), and the promise resolves with that result once the
// thread has exited. Scoring uses it for the network's slices and for the BTYD fits.
import { Worker, workerData } from 'node:worker_threads';

export function runWorker<T>(module: URL, input: unknown, label: string, transferList: ArrayBuffer[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
      workerData: { module: module.href, input },
      transferList,
    });
    let result: T | undefined;
    worker.once('message', (message: T | { error: string }) => {
      if (message !== null && typeof message === 'object' && 'error' in message)
        reject(new Error(`${label}: ${message.error}`));
      else result = message as T;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result !== undefined) resolve(result);
      else reject(new Error(`${label} exited with code ${code} before returning its result`));
    });
  });
}

/** Inside a worker started by runWorker: what it was given. */
export function workerInput<T>(): T {
  return (workerData as { input: T }).input;
}

/**
 * A long-lived worker thread (a pool's member): the module reads `workerInput()` and answers the
 * messages it is posted; posting `null` asks it to close.
 */
export function startWorker(module: URL, input: unknown): Worker {
  return new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: { module: module.href, input } });
}
