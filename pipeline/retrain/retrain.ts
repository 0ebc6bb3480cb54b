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
import { exportStage } from '../export/export.ts';
import { buildSnapshot } from '../features/build-features.ts';
import { featuresStage } from '../features/features-stage.ts';
import type { Logger } from '../log.ts';
import { featureDrift, type DriftReport } from '../monitor/drift.ts';
import { pendingRealised, realisedHistory, updateRealised, type RealisedRow } from '../monitor/realised.ts';
import { realisedAlerts } from '../monitor/realised-alerts.ts';
import { artifactPaths } from '../paths.ts';
import { stopwatch } from '../timer.ts';
import { loadPlaybook } from '../plan/playbook.ts';
import { planStage } from '../plan/plan-stage.ts';
import { publishStage } from '../report/publish.ts';
import { scoreStage } from '../score/score.ts';
import { promote, readCard, readChampion } from '../train/registry.ts';
import { trainStage } from '../train/train.ts';
import { comparisonWindow, windowMetrics } from './compare.ts';
import { decide, type WindowMetrics } from './decide.ts';
import { processInbox } from './inbox.ts';
import { monitoringFile } from './monitoring-file.ts';
import { createRelease, pruneReleases, switchCurrent, type ReleasePaths, currentRelease } from './release.ts';
import { closeAbandoned, writeReport, type RunReport, type StageRecord } from './run-report.ts';
import { writeSnapshot } from './snapshot.ts';

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
  const save = () => writeReport(paths.dir, report);
  for (const old of closeAbandoned(paths.dir, report.runId, now)) {
    logger.warn(`run ${old.runId} ${old.error}`);
    await recordRun(db, old);
  }
  save();
  await recordRun(db, report);

  const stage = async <T>(name: string, fn: (record: StageRecord) => Promise<T>, summary: (v: T) => string): Promise<T> => {
    if (options.signal?.aborted) throw new RunAbortedError(String(options.signal.reason ?? 'SIGTERM'));
    const record: StageRecord = { name, startedAt: now().toISOString(), endedAt: null, seconds: null, status: 'running' };
    report.stages.push(record);
    save();
    fault(name);
    const elapsed = stopwatch();
    try {
      const value = await fn(record);
      record.seconds = Math.round(elapsed() * 100) / 100;
      record.endedAt = now().toISOString();
      record.status = 'ok';
      record.summary = summary(value);
      save();
      logger.stage(name, record.summary, record.seconds);
      return value;
    } catch (error) {
      record.status = 'failed';
      record.endedAt = now().toISOString();
      save();
      throw error;
    }
  };

  if (options.inbox !== undefined) {
    const inbox = options.inbox;
    report.inbox = await stage('inbox', async () => processInbox(db, inbox, config, { configDir: options.configDir, logger, stamp: report.runId, now }),
      (r) => `${r.filter((f) => f.ok).length} files loaded, ${r.filter((f) => !f.ok).length} failed`);
  }
  const features = await stage('features', async (rec) => {
    const f = await featuresStage(db, { asOf: options.asOf, config });
    rec.rows = f.customers;
    return f;
  }, (f) => `snapshot at ${f.asOf}: ${f.customers.toLocaleString('en')} customers`);
  const asOf = features.asOf;
  report.asOf = asOf;

  const championBefore = readChampion(paths.models);
  report.champion = championBefore;
  const challenger = await stage('train', async (rec) => {
    const t = await trainStage(db, { asOf, config, modelsDir: paths.models, promote: false, logger, now });
    rec.rows = t.rows.train;
    return t;
  }, (t) => `challenger ${t.modelId}: ${t.rows.train.toLocaleString('en')} training rows, validation AUC ${t.evaluation.metrics.auc.toFixed(3)}`);

  const decision = await stage('compare', async (rec) => {
    const window = await comparisonWindow(db, asOf, config);
    rec.rows = window.set.rows;
    const challengerMetrics = await windowMetrics(challenger.path, window);
    let championMetrics: WindowMetrics | null = null;
    let championProblem: string | undefined;
    if (championBefore !== null && championBefore !== challenger.modelId) {
      try {
        championMetrics = await windowMetrics(join(paths.models, championBefore), window);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        championProblem = `champion ${championBefore} cannot be evaluated (${error.message})`;
        logger.warn(championProblem);
      }
    }
    // The same id means the same weights: one model, measured once.
    const identical = championBefore === challenger.modelId;
    if (identical) championMetrics = challengerMetrics;
    const result = decide(championMetrics, challengerMetrics, config.retrain.promotion, { force: options.forcePromote, championProblem, identical });
    report.decision = {
      decision: result.decision,
      reasons: result.reasons,
      reasonsZh: result.reasonsZh,
      championBefore,
      challenger: challenger.modelId,
      window: { cutoff: window.cutoff, labelsUntil: window.labelsUntil, customers: window.set.rows },
      championMetrics,
      challengerMetrics,
    };
    return result;
  }, (r) => `${r.decision}: ${r.reasons.join('; ')}`);

  // The model that will be champion if monitoring passes; the pointer moves only then (below).
  const champion = decision.promote ? challenger.modelId : (championBefore ?? challenger.modelId);
  let realised: RealisedRow[] = [];
  let pending: { asOf: string; maturesOn: string }[] = [];
  // One transaction for scoring, monitoring and the promotion: a run killed in it, or stopped by the
  // drift gate, leaves the scores, the realised rows and the champion pointer as they were.
  await db.transaction(async () => {
    await stage('score', async (rec) => {
      const s = await scoreStage(db, { asOf, config, modelId: champion, modelsDir: paths.models, logger });
      fault('score:commit');
      rec.rows = s.customers;
      return s;
    }, (s) => `${s.customers.toLocaleString('en')} customers with ${s.modelId}: ${s.tiers.high.toLocaleString('en')} high, ${s.tiers.medium.toLocaleString('en')} medium risk`);

    await stage('monitor', async () => {
      // Drift since the model that was serving before this run was trained: the population at its
      // as-of date against today's. (Not the new champion's: a promotion would hide the very drift that
      // may have caused it. Not its training snapshots: they lie a year and more back, over which tenure
      // and lifetime totals move in any ageing customer base, which would warn every run.)
      const cards = new Map<string, { trainingWindow: { asOf: string }; metrics: Record<string, unknown> } | null>();
      const cardOf = (id: string) => {
        if (!cards.has(id)) {
          try {
            cards.set(id, readCard(paths.models, id));
          } catch {
            cards.set(id, null);
          }
        }
        return cards.get(id) ?? null;
      };
      const reference = championBefore === null ? null : (cardOf(championBefore)?.trainingWindow.asOf ?? null);
      let drift: DriftReport | null = null;
      if (reference !== null) {
        await ensureSnapshot(db, reference, config);
        drift = await featureDrift(db, { reference, current: asOf, warn: config.retrain.drift.warn, alert: config.retrain.drift.alert });
      }
      report.drift = drift;
      report.realised = await updateRealised(db, { horizonDays: config.horizonDays, valueHorizonDays: config.valueHorizonDays, observedUntil: asOf, runId: report.runId, now });
      pending = await pendingRealised(db, { horizonDays: config.horizonDays, observedUntil: asOf });
      realised = await realisedHistory(db);
      const validationAuc = (id: string) => Number(cardOf(id)?.metrics.auc ?? NaN);
      report.warnings = [...(drift?.warnings ?? []), ...realisedAlerts(report.realised, realised, validationAuc, config.retrain.realised.maxAucDrop)];
      for (const line of report.warnings) logger.warn(line);
      if (drift && config.retrain.drift.gate && drift.alerts > 0) {
        throw new QualityGateError(
          `drift gate: ${drift.alerts} of the model's inputs or its score drifted past PSI ${config.retrain.drift.alert} ` +
            `(${drift.warnings.filter((w) => w.startsWith('ALERT')).join('; ')}); nothing published, champion ${championBefore} and the scores unchanged`,
        );
      }
      return drift;
    }, (d) => `${d ? `drift since ${d.reference}: ${d.warnings.length ? `${d.warnings.length} above warning level (${d.warnings[0]}${d.warnings.length > 1 ? ', ...' : ''})` : 'none above warning level'}` : 'no earlier champion to measure drift against'}; ` +
      `${report.realised.length} scoring dates matured${pending.length ? `, ${pending.length} not yet (next on ${pending[0].maturesOn})` : ''}`);

    // Last in the transaction: a model that cannot be champion (promote refuses it) rolls the scores back.
    if (decision.promote) promote(paths.models, challenger.modelId);
    report.champion = readChampion(paths.models);
  });

  const playbook = loadPlaybook(config.plan.playbook);
  await stage('plan', async (rec) => {
    const p = await planStage(db, { asOf, playbook, lifecycle: config.plan.lifecycle, valueTiers: config.plan.valueTiers });
    rec.rows = p.contacted;
    return p;
  }, (p) => `${p.contacted.toLocaleString('en')} customers to contact, ${p.control.toLocaleString('en')} held out`);

  const release = createRelease(paths.dir, report.runId);
  await stage('export', async (rec) => {
    const base = { tiers: config.export.tiers, asOf, playbook, now };
    const done = [];
    for (const file of ['at-risk.csv', 'at-risk.xlsx', 'at-risk.parquet']) {
      done.push(await exportStage(db, { ...base, out: join(release.exports, file), bom: file.endsWith('.csv') }));
    }
    await writeSnapshot(db, release.snapshot, asOf);
    rec.rows = done[0].rows;
    return done;
  }, (e) => `${e[0].rows.toLocaleString('en')} at-risk customers, scores snapshot -> ${release.root}`);

  await stage('publish', async () => {
    // The run history and the overview's "change since last run" continue from the current release.
    const previous = currentRelease(paths.dir);
    const history = previous ? join(previous.publish, 'runs-history.json') : null;
    if (history && existsSync(history)) copyFileSync(history, join(release.publish, 'runs-history.json'));
    const p = await publishStage(db, { publishDir: release.publish, config, asOf });
    writeFileSync(join(release.publish, 'monitoring.json'), JSON.stringify(await monitoringFile(paths.dir, paths.models, report, realised, now)) + '\n');
    return p;
  }, (p) => `${p.files.length + 1} files -> ${release.publish}`);

  if (options.buildSite ?? true) {
    await stage('site', async () => {
      const { buildSite } = await import('../report/build-site.ts');
      return buildSite({ publishDir: release.publish, outDir: release.site, logger });
    }, (b) => `${b.pages.length} pages -> ${b.outDir}`);
  }

  await stage('switch', async () => {
    writeFileSync(join(release.root, 'COMPLETE'), `${report.runId}\n`);
    switchCurrent(paths.dir, release, () => fault('switch:rename'));
    report.release = release.root;
    const removed = pruneReleases(paths.dir, config.retrain.keepReleases);
    return { release, removed };
  }, (s: { release: ReleasePaths; removed: string[] }) => `current -> ${s.release.root}${s.removed.length ? `; removed ${s.removed.length} old releases` : ''}`);

  return report;
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
  const [row] = await db.all<{ n: number }>('SELECT count(*) AS n FROM features WHERE cutoff = CAST($c AS DATE)', { c: cutoff }, 'features (count)');
  if (row.n === 0) await buildSnapshot(db, { cutoff, horizonDays: config.horizonDays, valueHorizonDays: config.valueHorizonDays, observedUntil: cutoff });
}

function fault(point: string): void {
  if (process.env.CHURN_FAULT_AT === point) process.kill(process.pid, 'SIGKILL');
}
