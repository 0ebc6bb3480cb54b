// Reads text batches on worker threads, in order: batch k's columns come back as the k-th result
// whatever thread read it. Small jobs are read in this thread (starting a worker costs more).
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../worker.ts';
import { textReader, type ReadColumns, type Reading } from './read-texts.ts';

export interface TextPool {
  read(texts: string[]): Promise<ReadColumns>;
  close(): Promise<void>;
}

/** A pool of `workers` threads; 0 reads in this thread. */
export function textPool(reading: Reading, workers: number): TextPool {
  if (workers <= 0) {
    const read = textReader(reading);
    return { read: async (texts) => read(texts), close: async () => {} };
  }
  const threads: Worker[] = [];
  const waiting = new Map<number, { resolve: (c: ReadColumns) => void; reject: (e: Error) => void }>();
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  for (let i = 0; i < workers; i++) {
    const thread = startWorker(new URL('./text-worker.ts', import.meta.url), reading);
    thread.on('message', (m: ReadColumns & { id: number; error?: string }) => {
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.error !== undefined) w?.reject(new Error(`text reading: ${m.error}`));
      else w?.resolve({ lang: m.lang, sentiment: m.sentiment, themes: m.themes });
    });
    thread.on('error', fail);
    threads.push(thread);
  }
  let next = 0;
  return {
    read(texts) {
      if (failure) return Promise.reject(failure);
      const id = next++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        threads[id % threads.length].postMessage({ id, texts });
      });
    },
    async close() {
      await Promise.all(
        threads.map(
          (t) =>
            new Promise<void>((resolve) => {
              t.once('exit', () => resolve());
              t.postMessage(null);
            }),
        ),
      );
    },
  };
}
