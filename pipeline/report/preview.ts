// Serves the report site with live reload (`observable preview`) on 127.0.0.1, reading the
// published files from publishDir. For `npm run preview`; no browser is opened. Offline like
// buildSite: the same cache preparation runs first.

import { resolve } from 'node:path';
import { ExitCode, UserError } from '../errors.ts';
import { type Logger, silentLogger } from '../log.ts';
import { acquireBuildLock, checkPublishDir, prepareFrameworkCache, runFramework, siteEnv } from './build-site.ts';

export interface PreviewOptions {
  publishDir: string;
  /** Port to listen on (default: the first free port from 3000). A busy port is an error. */
  port?: number;
  logger?: Logger;
  /** Called once the server listens, with its URL (e.g. http://127.0.0.1:3000/). */
  onReady?: (url: string) => void;
  /** Aborting stops the server; previewSite then resolves. */
  signal?: AbortSignal;
}

export interface PreviewResult {
  url: string | null;
  /** Framework's exit code (null when stopped by a signal). */
  code: number | null;
}

/** Runs the preview server until it stops (Ctrl-C or opts.signal); throws if it fails. */
export async function previewSite(opts: PreviewOptions): Promise<PreviewResult> {
  const logger = opts.logger ?? silentLogger;
  const publishDir = resolve(opts.publishDir);
  await checkPublishDir(publishDir);
  const lock = await acquireBuildLock(logger);
  try {
    await prepareFrameworkCache();
  } finally {
    lock.release();
  }
  if (opts.signal?.aborted) return { url: null, code: null };
  const args = ['preview', '--no-open', '--host', '127.0.0.1'];
  if (opts.port !== undefined) args.push('--port', String(opts.port));
  const framework = await runFramework(args, { env: siteEnv(publishDir), logger, verbose: false });
  let url: string | null = null;
  framework.onLine((line) => {
    const match = url ? null : /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(line);
    if (!match) return;
    url = match[1];
    logger.info(`preview: ${url} (publish directory ${publishDir}; Ctrl-C stops it)`);
    opts.onReady?.(url);
  });
  let stopped = false;
  const stop = () => {
    stopped = true;
    framework.kill('SIGTERM');
  };
  opts.signal?.addEventListener('abort', stop, { once: true });
  const run = await framework.done;
  opts.signal?.removeEventListener('abort', stop);
  if (!stopped && run.code !== 0 && run.signal !== 'SIGINT' && run.signal !== 'SIGTERM') {
    const tail = run.tail();
    const why = /EADDRINUSE/.test(run.stderr) ? `port ${opts.port} is already in use` : tail || 'no output';
    throw new UserError(`site preview failed (exit code ${run.code ?? run.signal}): ${why}`, {
      exitCode: ExitCode.internal,
    });
  }
  return { url, code: run.code };
}
