// churn retrain: the scheduled job. Takes the run lock, runs every stage (pipeline/retrain/retrain.ts),
// records the run, and turns SIGINT/SIGTERM into a clean stop recorded as aborted.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { systemClock } from '../../clock.ts';
import { openDatabase, type Database } from '../../db/database.ts';
import { ExitCode, UserError } from '../../errors.ts';
import { acquireLock } from '../../lock.ts';
import { artifactPaths } from '../../paths.ts';
import { configDirOf } from '../../retrain/inbox.ts';
import { finishRun, retrain, RunAbortedError } from '../../retrain/retrain.ts';
import { newReport, newRunId, type RunReport } from '../../retrain/run-report.ts';
import type { CommandRun } from '../command.ts';
import type { RETRAIN } from '../commands.ts';

export const run: CommandRun<typeof RETRAIN> = async (ctx, args) => {
  const paths = artifactPaths(ctx.dbPath);
  mkdirSync(paths.dir, { recursive: true });
  const { inbox, asOf, forcePromote } = args.options;
  const now = systemClock;
  const runId = newRunId(now);
  const lock = acquireLock(join(paths.dir, 'retrain.lock'), runId, { now });
  if (lock.tookOver) {
    const t = lock.tookOver;
    ctx.logger.warn(
      `took over a stale lock: run ${t.runId} (pid ${t.pid} on ${t.host}, started ${t.startedAt}) is no longer running`,
    );
  }
  ctx.logger.info(`run ${runId} started (pid ${process.pid})`);
  const report = newReport(runId, { inbox: inbox === undefined ? null : resolve(inbox), forcePromote }, now);
  const controller = new AbortController();
  let db: Database | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      // A second signal: stop now. The database recovers like after a kill; the report says aborted.
      void finishRun(
        null,
        paths.dir,
        report,
        'aborted',
        exitFor(signal),
        `stopped by a second ${signal} during ${report.stages.at(-1)?.name ?? 'start-up'}`,
        now,
      ).finally(() => {
        lock.release();
        process.exit(exitFor(signal));
      });
      return;
    }
    ctx.logger.warn(`${signal} received: stopping after the current stage (send it again to stop at once)`);
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    db = await openDatabase(ctx.dbPath, { memoryLimit: ctx.memoryLimit });
    await retrain(db, {
      config: ctx.config,
      configDir: configDirOf(ctx.configSource),
      report,
      inbox,
      asOf,
      forcePromote,
      signal: controller.signal,
      logger: ctx.logger,
      now,
    });
    await finishRun(db, paths.dir, report, 'succeeded', ExitCode.ok, undefined, now);
    return { json: report, text: describe(report) };
  } catch (error) {
    const aborted = error instanceof RunAbortedError;
    const code = error instanceof UserError ? error.exitCode : ExitCode.internal;
    await finishRun(
      db,
      paths.dir,
      report,
      aborted ? 'aborted' : 'failed',
      code,
      error instanceof Error ? error.message : String(error),
      now,
    );
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    db?.close();
    lock.release();
  }
};

function exitFor(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated;
}

function describe(r: RunReport): string {
  const d = r.decision;
  const lines = [
    `run ${r.runId} succeeded (as-of ${r.asOf}):`,
    `  champion:  ${r.champion}${d ? ` (${d.decision}: challenger ${d.challenger})` : ''}`,
  ];
  if (d) for (const reason of d.reasons) lines.push(`             ${reason}`);
  lines.push(`  published: ${r.release}`);
  if (r.warnings.length) lines.push(`  warnings:  ${r.warnings.join('\n             ')}`);
  return lines.join('\n');
}
