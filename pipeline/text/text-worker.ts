// A worker thread of the text pool (text-pool.ts): reads the batches it is sent until the pool closes.
import { parentPort } from 'node:worker_threads';
import { workerInput } from '../worker.ts';
import { textReader, type Reading } from './read-texts.ts';

const read = textReader(workerInput<Reading>());
parentPort!.on('message', (message: { id: number; texts: string[] } | null) => {
  if (message === null) {
    parentPort!.close();
    return;
  }
  try {
    const columns = read(message.texts);
    parentPort!.postMessage({ id: message.id, ...columns }, [
      columns.lang.buffer as ArrayBuffer,
      columns.sentiment.buffer as ArrayBuffer,
      columns.themes.buffer as ArrayBuffer,
    ]);
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
