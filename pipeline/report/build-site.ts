// Builds the static report site (Observable Framework, source root reports/) from the JSON files the
// pipeline published. Never retrains or opens the database: the site's data loaders only read
// <publishDir>/*.json (PUBLISHED_FILES). Works fully offline (see prepareFrameworkCache).
// Framework's output goes to the logger (stderr); stdout stays clean for results and --json.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitCode, UserError } from '../errors.ts';
import { waitForLock, type Lock } from '../lock.ts';
import { stopwatch } from '../timer.ts';
import { type Logger, silentLogger } from '../log.ts';

/** The project root, from this module's location (not the cwd). */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const sourceRoot = join(projectRoot, 'reports');
const cacheDir = join(sourceRoot, '.observablehq', 'cache');
const lockPath = join(cacheDir, '_build.lock');
const frameworkBin = join(projectRoot, 'node_modules', '@observablehq', 'framework', 'dist', 'bin', 'observable.js');

/** The files the site reads from the publish directory. */
export const PUBLISHED_FILES = [
  'overview.json',
  'at-risk.json',
  'model.json',
  'customer-base.json',
  'site.json',
  'actions.json',
  'quality.json',
  'segments.json',
  'value.json',
  'cohorts.json',
  'customers.json',
  'runs-history.json',
  'monitoring.json',
] as const;

/**
 * Libraries whose version Framework 1.13.4 looks up on the npm registry while bundling its client,
 * even when no page uses them. An empty `_npm/<name>@<version>` folder answers the look-up offline;
 * nothing is downloaded because the pages never import them. Tied to the pinned Framework version.
 */
const FRAMEWORK_NPM_LOOKUPS = [
  '@observablehq/plot@0.6.17',
  '@observablehq/sample-datasets@1.0.1',
  'apache-arrow@21.2.0',
  'arquero@8.0.3',
  'd3@7.9.2',
  'd3-dsv@3.0.2',
  'echarts@6.1.0',
  'htl@1.0.0',
  'leaflet@1.9.4',
  'lodash@4.18.1',
  'mapbox-gl@3.32.0',
  'parquet-wasm@0.8.0',
  'react@19.3.1',
  'react-dom@19.3.1',
  'topojson-client@3.1.0',
];

/** Cache entries that survive a build: bundles of installed packages (keyed by version), the lock. */
const KEEP_IN_CACHE = new Set(['_node', '_npm', basename(lockPath)]);

export interface BuildSiteOptions {
  /** Directory holding the PUBLISHED_FILES. */
  publishDir: string;
  /** Where the site goes; replaced as a whole when the build succeeds. */
  outDir: string;
  logger?: Logger;
  /** Forward every line Framework prints (default: only pages, data loaders and problems). */
  verbose?: boolean;
  /** Give up after this long (default 5 minutes). */
  timeoutMs?: number;
}

export interface BuildSiteResult {
  outDir: string;
  /** Built pages, relative to outDir, sorted (e.g. "at-risk.html"). */
  pages: string[];
  seconds: number;
}

export async function buildSite(opts: BuildSiteOptions): Promise<BuildSiteResult> {
  const elapsed = stopwatch();
  const logger = opts.logger ?? silentLogger;
  const publishDir = resolve(opts.publishDir);
  const outDir = resolve(opts.outDir);
  await checkPublishDir(publishDir);
  await checkReplaceable(outDir);
  const staging = join(dirname(outDir), `.${basename(outDir)}.building-${process.pid}`);
  const lock = await acquireBuildLock(logger);
  try {
    await prepareFrameworkCache();
    await rm(staging, { recursive: true, force: true });
    const framework = await runFramework(['build'], {
      env: siteEnv(publishDir, { CHURN_SITE_OUT: staging }),
      logger,
      verbose: opts.verbose ?? false,
      timeoutMs: opts.timeoutMs ?? 300_000,
    });
    const run = await framework.done;
    if (run.code !== 0 || !existsSync(join(staging, 'index.html'))) {
      const why = run.code === 0 ? 'no index.html was written' : `exit code ${run.code ?? run.signal}`;
      throw new UserError(`site build failed (${why}): ${run.tail() || 'no output'}`, { exitCode: ExitCode.internal });
    }
    await rm(outDir, { recursive: true, force: true });
    await mkdir(dirname(outDir), { recursive: true });
    await rename(staging, outDir);
  } finally {
    await rm(staging, { recursive: true, force: true }).catch(() => {});
    lock.release();
  }
  const pages = (await listFiles(outDir)).filter((f) => f.endsWith('.html')).sort();
  const seconds = elapsed();
  logger.info(`site: ${pages.length} pages → ${outDir} (${seconds.toFixed(1)} s)`);
  return { outDir, pages, seconds };
}

/** Environment for Framework and its data loaders. */
export function siteEnv(publishDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CHURN_PUBLISH_DIR: publishDir,
    OBSERVABLE_TELEMETRY_DISABLE: '1',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    ...extra,
  };
}

export async function checkPublishDir(publishDir: string): Promise<void> {
  for (const name of PUBLISHED_FILES) {
    const file = join(publishDir, name);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new UserError(`missing published file ${file} (run the pipeline's publish step first)`);
  }
}

/** outDir may be replaced only if it is missing, empty, or a site built before. */
export async function checkReplaceable(outDir: string): Promise<void> {
  const entries = await readdir(outDir).catch(() => null);
  if (!entries || entries.length === 0) return;
  if (entries.includes('_observablehq') && entries.includes('index.html')) return;
  throw new UserError(`refusing to replace ${outDir}: it is not empty and does not hold a built site`);
}

/**
 * Clears stale data-loader output (Framework reuses cached loader output even when the published
 * files changed) and pre-fills the npm version look-ups, so the build needs no network.
 */
export async function prepareFrameworkCache(): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  for (const entry of await readdir(cacheDir)) {
    if (!KEEP_IN_CACHE.has(entry)) await rm(join(cacheDir, entry), { recursive: true, force: true });
  }
  for (const spec of FRAMEWORK_NPM_LOOKUPS) await mkdir(join(cacheDir, '_npm', spec), { recursive: true });
}

export interface FrameworkRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines Framework wrote to stderr (or stdout when stderr was empty), on one line. */
  tail(): string;
  /** The last (up to 40) lines Framework wrote to stderr. */
  stderr: string;
}

export interface FrameworkProcess {
  /** Resolves when Framework exits. */
  done: Promise<FrameworkRun>;
  /** Every line Framework prints, once forwarded or filtered. */
  onLine(listener: (line: string) => void): void;
  kill(signal?: NodeJS.Signals): void;
}

/** Runs the Framework CLI from the project root; its output goes to the logger, never to stdout. */
export async function runFramework(
  args: string[],
  opts: { env: NodeJS.ProcessEnv; logger: Logger; verbose: boolean; timeoutMs?: number },
): Promise<FrameworkProcess> {
  if (!existsSync(frameworkBin))
    throw new UserError(`Observable Framework is not installed (${frameworkBin}); run npm ci`);
  const child = spawn(process.execPath, [frameworkBin, ...args], {
    cwd: projectRoot,
    env: opts.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const listeners: ((line: string) => void)[] = [];
  const errLines: string[] = [];
  const outLines: string[] = [];
  const remember = (lines: string[], line: string) => {
    lines.push(line);
    if (lines.length > 40) lines.shift();
  };
  const pipe = (stream: NodeJS.ReadableStream, isErr: boolean) =>
    eachLine(stream, (text) => {
      remember(isErr ? errLines : outLines, text.trim());
      for (const listener of listeners) listener(text);
      if (opts.verbose || isErr || isWorthShowing(text)) {
        if (!isExpectedWarning(text)) (isErr ? opts.logger.warn : opts.logger.info)(`framework: ${text}`);
      }
    });
  pipe(child.stdout!, false);
  pipe(child.stderr!, true);
  // never leave Framework running (a preview server would hold its port) when this process ends
  const killChild = () => void child.kill('SIGTERM');
  process.once('exit', killChild);
  let timedOut = false;
  const timer = opts.timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        child.kill('SIGTERM');
      }, opts.timeoutMs)
    : undefined;
  const done = new Promise<FrameworkRun>((resolveRun, reject) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      process.off('exit', killChild);
      reject(
        new UserError(`cannot start Observable Framework: ${error.message}`, {
          exitCode: ExitCode.internal,
          cause: error,
        }),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      process.off('exit', killChild);
      const tail = () => {
        const lines = (errLines.length ? errLines : outLines)
          .filter((l) => !isExpectedWarning(l) && !isBoilerplate(l))
          .slice(-5);
        const text = (timedOut ? [`timed out after ${opts.timeoutMs} ms`, ...lines] : lines).join(' | ');
        return text.length > 600 ? `…${text.slice(-600)}` : text;
      };
      resolveRun({ code, signal, tail, stderr: errLines.join('\n') });
    });
  });
  return {
    done,
    onLine: (listener) => void listeners.push(listener),
    kill: (signal = 'SIGTERM') => void child.kill(signal),
  };
}

/** Lines about pages, data loaders and problems are worth showing; per-file copy/bundle lines are not. */
function isWorthShowing(line: string): boolean {
  return /\bload\b|^\s*(built|render)\b|warn|error|fail|Observable Framework|http:\/\//i.test(line);
}

/** Framework warns that an output root outside the cwd is not cleared: we build into a fresh folder. */
function isExpectedWarning(line: string): boolean {
  return /output root .* is not within the current working directory/.test(line);
}

/** Framework's generic advice after an error says nothing about this error. */
function isBoilerplate(line: string): boolean {
  return /^Tip: |If you think this is a bug|github\.com\/observablehq\/framework\/issues/.test(line);
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('_')) out.push(...(await listFiles(join(dir, entry.name), rel)));
    } else out.push(rel);
  }
  return out;
}

/**
 * One build at a time per checkout: builds share reports/.observablehq/cache. A second one waits for
 * the first (up to `timeoutMs`), then gives up.
 */
export async function acquireBuildLock(logger: Logger, timeoutMs = 600_000): Promise<Lock> {
  await mkdir(cacheDir, { recursive: true });
  return waitForLock(lockPath, `build-${process.pid}`, {
    what: 'site build',
    timeoutMs,
    onWait: (holder) => logger.info(`waiting for another site build${holder ? ` (pid ${holder.pid})` : ''}`),
  });
}

/** The site build's one-line summary. */
export function siteLine(b: BuildSiteResult): string {
  return `${b.pages.length} pages -> ${b.outDir}`;
}

/** Calls `onLine` with each non-blank line of a stream as it arrives, colours stripped. */
function eachLine(stream: NodeJS.ReadableStream, onLine: (text: string) => void): void {
  let buffer = '';
  const flush = (line: string) => {
    const text = stripAnsi(line).trimEnd();
    if (text.trim()) onLine(text);
  };
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split(/\r?\n/);
    buffer = lines.pop() ?? '';
    for (const line of lines) flush(line);
  });
  stream.on('end', () => buffer && flush(buffer));
}
