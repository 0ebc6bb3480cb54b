// `churn retrain`: the whole unattended job, one stage after another, each recorded in the run report.
//
//   inbox -> features -> train (challenger) -> compare (champion vs challenger on the same window:
//   promote or not) -> score (the champion to be) -> monitor (drift, realised performance, optional
//   gate) -> promotion -> plan -> export / publish / site into releases/<runId> -> switch `current`
//
// Score and monitor share one database transaction and the champion pointer moves only after it, so
// a failed drift gate (or a kill) leaves the scores, realised rows and champion as they were.
// Readers only ever use the `current` release, which changes in one rename at the very end, so a run
// killed at any point leaves the previous release, champion pointer and database usable.
// CHURN_FAULT_AT=<point> kills this process with SIGKILL at a stage's start (or at `score:commit`,
// `switch:rename`): the test-only hook behind the crash-safety tests.
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config-schema.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { ExitCode, UserError, type ExitCode as ExitCodeT } from '../errors.ts';
import { exportLine, exportStage } from '../export/export-stage.ts';
import { buildSnapshot } from '../features/build-features.ts';
import { featuresLine, featuresStage } from '../features/features-stage.ts';
import type { Logger } from '../log.ts';
import { featureDrift, type DriftReport } from '../monitor/drift.ts';
import { pendingRealised, realisedHistory, updateRealised, type RealisedRow } from '../monitor/realised.ts';
import { realisedAlerts } from '../monitor/realised-alerts.ts';
import { artifactPaths } from '../paths.ts';
import { stageRunner, type RunStage } from '../stage-runner.ts';
import { loadPlaybook } from '../plan/playbook.ts';
import { planLine, planOptionsOf, planStage } from '../plan/plan-stage.ts';
import type { Playbook } from '../plan/playbook-schema.ts';
import { publishLine, publishStage } from '../report/publish-stage.ts';
import { scoreLine, scoreStage } from '../score/score-stage.ts';
import { readCard, type ModelCard } from '../train/model-card.ts';
import { promote, readChampion } from '../train/model-registry.ts';
import { trainLine, trainStage } from '../train/train-stage.ts';
import { comparisonWindow, windowMetrics } from './compare.ts';
import { decide, type WindowMetrics } from './decide.ts';
import { processInbox } from './inbox.ts';
import { monitoringFile } from './monitoring-file.ts';
import { createRelease, pruneReleases, switchCurrent, type ReleasePaths, currentRelease } from './release.ts';
import { closeAbandoned, writeReport, type RunReport } from './run-report.ts';
import { writeScoresSnapshot } from './scores-snapshot.ts';

export interface RetrainOptions {
  config: Config;
  /** Folder of the config file (inbox mappings are relative to it). */
  configDir: string;
  report: RunReport;
  inbox?: string;
  asOf?: string;
  forcePromote?: boolean;
  /** Site output; null skips the site build (the release then has no site/). */
  buildSite?: boolean;
  signal?: AbortSignal;
  logger: Logger;
  now?: Clock;
}

/** The run was stopped by a signal; recorded as aborted. */
export class RunAbortedError extends UserError {
  constructor(signal: string) {
    super(`stopped by ${signal}; the run is recorded as aborted and nothing was published`, {
      exitCode: signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated,
    });
    this.name = 'RunAbortedError';
  }
}

/** A configured quality gate failed; nothing was published. */
export class QualityGateError extends UserError {
  constructor(message: string) {
    super(message, { exitCode: ExitCode.qualityGate });
    this.name = 'QualityGateError';
  }
}

export async function retrain(db: Database, options: RetrainOptions): Promise<RunReport> {
  const { config, report, logger } = options;
  const now = options.now ?? systemClock;
  const paths = artifactPaths(db.path);
  await openRun(db, paths.dir, report, logger, now);
  const run: Run = { db, options, paths, now, stage: recordedStages(paths.dir, options, now) };

  if (options.inbox !== undefined) {
    const inbox = options.inbox;
    report.inbox = await run.stage(
      'inbox',
      async () => processInbox(db, inbox, config, { configDir: options.configDir, logger, stamp: report.runId, now }),
      (r) => `${r.filter((f) => f.ok).length} files loaded, ${r.filter((f) => !f.ok).length} failed`,
    );
  }
  const features = await run.stage(
    'features',
    () => featuresStage(db, { asOf: options.asOf, config }),
    featuresLine,
    (f) => f.customers,
  );
  const asOf = features.asOf;
  report.asOf = asOf;

  const championBefore = readChampion(paths.models);
  report.champion = championBefore;
  const challenger = await run.stage(
    'train',
    () => trainStage(db, { asOf, config, modelsDir: paths.models, promote: false, logger, now }),
    (t) => `challenger ${trainLine(t)}`,
    (t) => t.rows.train,
  );
  const decision = await run.stage(
    'compare',
    () => compareModels(run, asOf, challenger.modelId, challenger.path, championBefore),
    (r) => `${r.decision}: ${r.reasons.join('; ')}`,
    () => report.decision!.window.customers,
  );

  // The model that will be champion if monitoring passes; the pointer moves only then (below).
  const champion = decision.promote ? challenger.modelId : (championBefore ?? challenger.modelId);
  let realised: RealisedRow[] = [];
  // One transaction for scoring, monitoring and the promotion: a run killed in it, or stopped by the
  // drift gate, leaves the scores, the realised rows and the champion pointer as they were.
  await db.transaction(async () => {
    await run.stage(
      'score',
      async () => {
        const s = await scoreStage(db, { asOf, config, modelId: champion, modelsDir: paths.models, logger });
        fault('score:commit');
        return s;
      },
      scoreLine,
      (s) => s.customers,
    );
    realised = (
      await run.stage(
        'monitor',
        () => monitorRun(run, asOf, championBefore),
        (m) => monitorLine(m, report),
      )
    ).realised;
    // Last in the transaction: a model that cannot be champion (promote refuses it) rolls the scores back.
    if (decision.promote) promote(paths.models, challenger.modelId);
    report.champion = readChampion(paths.models);
  });

  const playbook = loadPlaybook(config.plan.playbook);
  await run.stage(
    'plan',
    () => planStage(db, planOptionsOf(config, playbook, asOf)),
    planLine,
    (p) => p.contacted,
  );
  await releaseRun(run, asOf, playbook, realised);
  return report;
}

/** What the stages of one run share. */
interface Run {
  db: Database;
  options: RetrainOptions;
  paths: ReturnType<typeof artifactPaths>;
  now: Clock;
  stage: RunStage;
}

/** Closes runs a kill left open, then records this one as running. */
async function openRun(db: Database, dir: string, report: RunReport, logger: Logger, now: Clock): Promise<void> {
  for (const old of closeAbandoned(dir, report.runId, now)) {
    logger.warn(`run ${old.runId} ${old.error}`);
    await recordRun(db, old);
  }
  writeReport(dir, report);
  await recordRun(db, report);
}

/** The stage runner of a run: each stage recorded in the run report as it starts and ends; a stop signal ends the run before the next. */
function recordedStages(dir: string, options: RetrainOptions, now: Clock): RunStage {
  const { report } = options;
  const save = () => writeReport(dir, report);
  const record = () => report.stages.at(-1)!;
  const runner = stageRunner(options.logger, {
    start(name) {
      report.stages.push({ name, startedAt: now().toISOString(), endedAt: null, seconds: null, status: 'running' });
      save();
      fault(name);
    },
    end(_name, end) {
      Object.assign(record(), {
        seconds: Math.round(end.seconds * 100) / 100,
        endedAt: now().toISOString(),
        status: 'ok',
        summary: end.summary,
        ...(end.rows === undefined ? {} : { rows: end.rows }),
      });
      save();
    },
    fail() {
      Object.assign(record(), { status: 'failed', endedAt: now().toISOString() });
      save();
    },
  });
  return (name, fn, summary, rows) => {
    if (options.signal?.aborted) throw new RunAbortedError(String(options.signal.reason ?? 'SIGTERM'));
    return runner(name, fn, summary, rows);
  };
}

/** Champion and challenger measured on the same window; the decision is recorded in the report. */
async function compareModels(
  run: Run,
  asOf: string,
  challengerId: string,
  challengerPath: string,
  championBefore: string | null,
) {
  const { db, options, paths } = run;
  const { config, report, logger } = options;
  const window = await comparisonWindow(db, asOf, config);
  const challengerMetrics = await windowMetrics(challengerPath, window);
  let championMetrics: WindowMetrics | null = null;
  let championProblem: string | undefined;
  if (championBefore !== null && championBefore !== challengerId) {
    try {
      championMetrics = await windowMetrics(join(paths.models, championBefore), window);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      championProblem = `champion ${championBefore} cannot be evaluated (${error.message})`;
      logger.warn(championProblem);
    }
  }
  // The same id means the same weights: one model, measured once.
  const identical = championBefore === challengerId;
  if (identical) championMetrics = challengerMetrics;
  const result = decide(championMetrics, challengerMetrics, config.retrain.promotion, {
    force: options.forcePromote,
    championProblem,
    identical,
  });
  report.decision = {
    decision: result.decision,
    reasons: result.reasons,
    reasonsZh: result.reasonsZh,
    championBefore,
    challenger: challengerId,
    window: { cutoff: window.cutoff, labelsUntil: window.labelsUntil, customers: window.set.rows },
    championMetrics,
    challengerMetrics,
  };
  return result;
}

interface Monitored {
  drift: DriftReport | null;
  pending: { asOf: string; maturesOn: string }[];
  realised: RealisedRow[];
}

/**
 * Drift since the model that was serving before this run was trained: the population at its as-of
 * date against today's. (Not the new champion's: a promotion would hide the very drift that may have
 * caused it. Not its training snapshots: they lie a year and more back, over which tenure and
 * lifetime totals move in any ageing customer base, which would warn every run.) Then realised
 * performance of the scoring dates that matured, and the drift gate.
 */
async function monitorRun(run: Run, asOf: string, championBefore: string | null): Promise<Monitored> {
  const { db, options, paths } = run;
  const { config, report, logger } = options;
  const cardOf = cachedCards(paths.models);
  const reference = championBefore === null ? null : (cardOf(championBefore)?.trainingWindow.asOf ?? null);
  let drift: DriftReport | null = null;
  if (reference !== null) {
    await ensureSnapshot(db, reference, config);
    drift = await featureDrift(db, {
      reference,
      current: asOf,
      warn: config.retrain.drift.warn,
      alert: config.retrain.drift.alert,
    });
  }
  report.drift = drift;
  report.realised = await updateRealised(db, {
    horizonDays: config.horizonDays,
    valueHorizonDays: config.valueHorizonDays,
    observedUntil: asOf,
    runId: report.runId,
    churn: config.churn,
    now: run.now,
  });
  const pending = await pendingRealised(db, { horizonDays: config.horizonDays, observedUntil: asOf });
  const realised = await realisedHistory(db);
  const validationAuc = (id: string) => Number(cardOf(id)?.metrics.auc ?? NaN);
  report.warnings = [
    ...(drift?.warnings ?? []),
    ...realisedAlerts(report.realised, realised, validationAuc, config.retrain.realised.maxAucDrop),
  ];
  for (const line of report.warnings) logger.warn(line);
  if (drift && config.retrain.drift.gate && drift.alerts > 0) {
    throw new QualityGateError(
      `drift gate: ${drift.alerts} of the model's inputs or its score drifted past PSI ${config.retrain.drift.alert} ` +
        `(${drift.warnings.filter((w) => w.startsWith('ALERT')).join('; ')}); nothing published, champion ${championBefore} and the scores unchanged`,
    );
  }
  return { drift, pending, realised };
}

/** Model cards by id, read once each; null for a card that cannot be read. */
function cachedCards(modelsDir: string) {
  const cards = new Map<string, ModelCard | null>();
  return (id: string): ModelCard | null => {
    if (!cards.has(id)) {
      try {
        cards.set(id, readCard(modelsDir, id));
      } catch {
        cards.set(id, null);
      }
    }
    return cards.get(id) ?? null;
  };
}

function monitorLine({ drift: d, pending }: Monitored, report: RunReport): string {
  return (
    `${d ? `drift since ${d.reference}: ${d.warnings.length ? `${d.warnings.length} above warning level (${d.warnings[0]}${d.warnings.length > 1 ? ', ...' : ''})` : 'none above warning level'}` : 'no earlier champion to measure drift against'}; ` +
    `${report.realised.length} scoring dates matured${pending.length ? `, ${pending.length} not yet (next on ${pending[0].maturesOn})` : ''}`
  );
}

/** Exports, scores snapshot, publish files and site into releases/<runId>, then `current` switched to it. */
async function releaseRun(run: Run, asOf: string, playbook: Playbook, realised: RealisedRow[]): Promise<void> {
  const { db, options, paths } = run;
  const { config, report, logger } = options;
  const release = createRelease(paths.dir, report.runId);
  await run.stage(
    'export',
    async () => {
      const base = { tiers: config.export.tiers, asOf, playbook, now: run.now };
      const done = [];
      for (const file of ['at-risk.csv', 'at-risk.xlsx', 'at-risk.parquet']) {
        done.push(await exportStage(db, { ...base, out: join(release.exports, file), bom: file.endsWith('.csv') }));
      }
      await writeScoresSnapshot(db, release.snapshot, asOf);
      return done;
    },
    (e) => `${exportLine(e)}; scores snapshot -> ${release.snapshot}`,
    (e) => e[0].rows,
  );

  await run.stage(
    'publish',
    async () => {
      // The run history and the overview's "change since last run" continue from the current release.
      const previous = currentRelease(paths.dir);
      const history = previous ? join(previous.publish, 'runs-history.json') : null;
      if (history && existsSync(history)) copyFileSync(history, join(release.publish, 'runs-history.json'));
      const p = await publishStage(db, { publishDir: release.publish, config, asOf });
      writeFileSync(
        join(release.publish, 'monitoring.json'),
        JSON.stringify(await monitoringFile(paths.dir, paths.models, report, realised, run.now)) + '\n',
      );
      return p;
    },
    publishLine,
  );

  if (options.buildSite ?? true) {
    const { buildSite, siteLine } = await import('../report/build-site.ts');
    await run.stage('site', () => buildSite({ publishDir: release.publish, outDir: release.site, logger }), siteLine);
  }

  await run.stage(
    'switch',
    async () => {
      writeFileSync(join(release.root, 'COMPLETE'), `${report.runId}\n`);
      switchCurrent(paths.dir, release, () => fault('switch:rename'));
      report.release = release.root;
      const removed = pruneReleases(paths.dir, config.retrain.keepReleases);
      return { release, removed };
    },
    (s: { release: ReleasePaths; removed: string[] }) =>
      `current -> ${s.release.root}${s.removed.length ? `; removed ${s.removed.length} old releases` : ''}`,
  );
}

/** Records the run's end in the report and the runs table. */
export async function finishRun(
  db: Database | null,
  dir: string,
  report: RunReport,
  status: RunReport['status'],
  exitCode: ExitCodeT | number,
  error?: string,
  now: Clock = systemClock,
): Promise<void> {
  report.status = status;
  report.exitCode = exitCode;
  report.endedAt = now().toISOString();
  report.error = error ?? null;
  for (const s of report.stages) if (s.status === 'running') s.status = 'failed';
  writeReport(dir, report);
  if (db) await recordRun(db, report).catch(() => {});
}

async function recordRun(db: Database, report: RunReport): Promise<void> {
  await db.run(
    `INSERT OR REPLACE INTO runs VALUES ($id, CAST($started AS TIMESTAMP), CAST($ended AS TIMESTAMP), $status, $exit,
       CAST($as_of AS DATE), $decision, $champion, $challenger, $report)`,
    {
      id: report.runId,
      started: report.startedAt.replace('Z', ''),
      ended: report.endedAt?.replace('Z', '') ?? null,
      status: report.status,
      exit: report.exitCode,
      as_of: report.asOf,
      decision: report.decision?.decision ?? null,
      champion: report.champion,
      challenger: report.decision?.challenger ?? null,
      report: JSON.stringify(report),
    },
    'runs (record)',
  );
}

async function ensureSnapshot(db: Database, cutoff: string, config: Config): Promise<void> {
  const [row] = await db.all<{ n: number }>(
    'SELECT count(*) AS n FROM features WHERE cutoff = CAST($c AS DATE)',
    { c: cutoff },
    'features (count)',
  );
  if (row.n === 0)
    await buildSnapshot(db, {
      cutoff,
      horizonDays: config.horizonDays,
      valueHorizonDays: config.valueHorizonDays,
      observedUntil: cutoff,
      churn: config.churn,
      voice: config.voice,
      seed: config.seed,
    });
}

function fault(point: string): void {
  if (process.env.CHURN_FAULT_AT === point) process.kill(process.pid, 'SIGKILL');
}
