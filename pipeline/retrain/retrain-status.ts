// The retraining part of `churn status`, from files only (run reports, the lock, the champion pointer,
// the current release), so it answers while a run holds the database.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock, type Clock } from '../clock.ts';
import { isStale, readHolder, type LockHolder } from '../lock.ts';
import { artifactPaths } from '../paths.ts';
import { readCard } from '../train/model-card.ts';
import { readChampion } from '../train/model-registry.ts';
import { currentRelease } from './release.ts';
import { listReports } from './run-report.ts';

export interface RetrainStatus {
  inProgress: (LockHolder & { stale: boolean }) | null;
  lastRun: {
    runId: string;
    status: string;
    startedAt: string;
    endedAt: string | null;
    asOf: string | null;
    decision: string | null;
    exitCode: number | null;
    error: string | null;
  } | null;
  lastSuccess: { runId: string; startedAt: string; asOf: string | null } | null;
  champion: { modelId: string; asOf: string; since: string; ageDays: number } | null;
  published: string | null;
  warnings: string[];
  nextDue: { date: string; overdue: boolean } | null;
}

export function retrainStatus(
  dbPath: string,
  scheduleDays: number | undefined,
  now: Clock = systemClock,
): RetrainStatus {
  const at = now();
  const paths = artifactPaths(dbPath);
  const lockFile = join(paths.dir, 'retrain.lock');
  const holder = existsSync(lockFile) ? readHolder(lockFile) : null;
  const reports = listReports(paths.dir);
  const last = reports[0] ?? null;
  const success = reports.find((r) => r.status === 'succeeded') ?? null;
  const championId = readChampion(paths.models);
  let champion: RetrainStatus['champion'] = null;
  if (championId) {
    const since = statSync(join(paths.models, 'champion.json')).mtime;
    let asOf = '';
    try {
      asOf = readCard(paths.models, championId).trainingWindow.asOf;
    } catch {
      // A pointer to a version without a card: shown without its date.
    }
    champion = {
      modelId: championId,
      asOf,
      since: since.toISOString(),
      ageDays: Math.floor((at.getTime() - since.getTime()) / 86_400_000),
    };
  }
  const due = success && scheduleDays ? new Date(Date.parse(success.startedAt) + scheduleDays * 86_400_000) : null;
  return {
    inProgress: holder ? { ...holder, stale: isStale(holder) } : null,
    lastRun: last && {
      runId: last.runId,
      status: last.status,
      startedAt: last.startedAt,
      endedAt: last.endedAt,
      asOf: last.asOf,
      decision: last.decision?.decision ?? null,
      exitCode: last.exitCode,
      error: last.error,
    },
    lastSuccess: success && { runId: success.runId, startedAt: success.startedAt, asOf: success.asOf },
    champion,
    published: currentRelease(paths.dir)?.root ?? null,
    warnings: success?.warnings ?? [],
    nextDue: due ? { date: due.toISOString(), overdue: due < at } : null,
  };
}
