// The run report: what one `churn retrain` did, stage by stage. Written to runs/<runId>.json after
// every change (atomically: temp file + rename), so a killed run leaves a readable report of how far
// it got, and `churn runs` / `churn status` can read it while the database is locked by a run.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../atomic-write.ts';
import { systemClock, type Clock } from '../clock.ts';
import { UserError } from '../errors.ts';
import type { DriftReport } from '../monitor/drift.ts';
import type { RealisedRow } from '../monitor/realised.ts';
import type { Decision, WindowMetrics } from './decide.ts';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'aborted';

export interface StageRecord {
  name: string;
  startedAt: string;
  endedAt: string | null;
  seconds: number | null;
  status: 'running' | 'ok' | 'failed';
  summary?: string;
  rows?: number;
}

export interface InboxRecord {
  file: string;
  kind: string;
  movedTo: string;
  ok: boolean;
  rowsRead?: number;
  inserted?: number;
  alreadyPresent?: number;
  rejected?: number;
  error?: string;
}

export interface DecisionRecord {
  decision: Decision;
  reasons: string[];
  reasonsZh: string[];
  championBefore: string | null;
  challenger: string;
  window: { cutoff: string; labelsUntil: string; customers: number };
  championMetrics: WindowMetrics | null;
  challengerMetrics: WindowMetrics;
}

export interface RunReport {
  runId: string;
  pid: number;
  host: string;
  startedAt: string;
  endedAt: string | null;
  status: RunStatus;
  exitCode: number | null;
  error: string | null;
  asOf: string | null;
  options: { inbox: string | null; forcePromote: boolean };
  stages: StageRecord[];
  inbox: InboxRecord[];
  decision: DecisionRecord | null;
  /** The champion after the run. */
  champion: string | null;
  drift: DriftReport | null;
  realised: RealisedRow[];
  /** Drift and realised-performance warnings and alerts, one line each (alerts start with ALERT). */
  warnings: string[];
  /** The release this run published (releases/<runId>), once it is current. */
  release: string | null;
}

function runsDir(dir: string): string {
  return join(dir, 'runs');
}

export function newRunId(now: Clock = systemClock): string {
  const stamp = now()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `r-${stamp}-${process.pid.toString(36)}`;
}

export function newReport(runId: string, options: RunReport['options'], now: Clock = systemClock): RunReport {
  return {
    runId,
    pid: process.pid,
    host: hostname(),
    startedAt: now().toISOString(),
    endedAt: null,
    status: 'running',
    exitCode: null,
    error: null,
    asOf: null,
    options,
    stages: [],
    inbox: [],
    decision: null,
    champion: null,
    drift: null,
    realised: [],
    warnings: [],
    release: null,
  };
}

export function writeReport(dir: string, report: RunReport): void {
  const folder = runsDir(dir);
  mkdirSync(folder, { recursive: true });
  writeFileAtomicSync(join(folder, `${report.runId}.json`), JSON.stringify(report, null, 2) + '\n');
}

export function readReport(dir: string, runId: string): RunReport {
  const file = join(runsDir(dir), `${runId}.json`);
  if (!/^[\w.-]+$/.test(runId) || !existsSync(file))
    throw new UserError(`no run ${runId} in ${runsDir(dir)} (see \`churn runs list\`)`);
  return JSON.parse(readFileSync(file, 'utf8')) as RunReport;
}

/** Every run report, newest first. */
export function listReports(dir: string): RunReport[] {
  const folder = runsDir(dir);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => /^r-.*\.json$/.test(name))
    .map((name) => JSON.parse(readFileSync(join(folder, name), 'utf8')) as RunReport)
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.runId.localeCompare(a.runId));
}

/**
 * Reports left `running` by a run that is gone (killed, crashed, machine rebooted) are marked failed:
 * they can no longer say so themselves. Called while holding the run lock, which proves that no other
 * run is active. Returns the ones changed.
 */
export function closeAbandoned(dir: string, currentRunId: string, now: Clock = systemClock): RunReport[] {
  const closed: RunReport[] = [];
  for (const report of listReports(dir)) {
    if (report.status !== 'running' || report.runId === currentRunId) continue;
    report.status = 'failed';
    report.error = `ended without recording a result (killed or crashed) during ${report.stages.at(-1)?.name ?? 'start-up'}; noticed ${now().toISOString()}`;
    for (const stage of report.stages) if (stage.status === 'running') stage.status = 'failed';
    writeReport(dir, report);
    closed.push(report);
  }
  return closed;
}
