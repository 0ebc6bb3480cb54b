// Runs the stages after the data is loaded, in order (pipeline/stage-runner.ts: timed, one line each):
// train (with its two feature snapshots) -> score (snapshot at as-of) -> plan -> export -> publish -> site.
import { join, resolve } from 'node:path';
import type { Config } from '../config/config-schema.ts';
import type { Database } from '../db/database.ts';
import { exportLine, exportStage, type ExportResult } from '../export/export-stage.ts';
import { featuresLine, featuresStage, type FeaturesResult } from '../features/features-stage.ts';
import { silentLogger, type Logger } from '../log.ts';
import { artifactPaths } from '../paths.ts';
import { stageRunner } from '../stage-runner.ts';
import { loadPlaybook } from '../plan/playbook.ts';
import { planLine, planOptionsOf, planStage, type PlanSummary } from '../plan/plan-stage.ts';
import { publishLine, publishStage } from '../report/publish-stage.ts';
import { scoreLine, scoreStage, type ScoreResult } from '../score/score-stage.ts';
import { trainLine, trainStage, type TrainResult } from '../train/train-stage.ts';

export interface PipelineOptions {
  config: Config;
  asOf?: string;
  /** Site output directory; null skips publishing and the site build. */
  siteOut: string | null;
  logger?: Logger;
}

export interface PipelineResult {
  features: FeaturesResult;
  train: TrainResult;
  score: ScoreResult;
  plan: PlanSummary;
  exports: ExportResult[];
  site: { outDir: string; pages: string[]; publishDir: string } | null;
  seconds: Record<string, number>;
}

export async function runPipeline(db: Database, options: PipelineOptions): Promise<PipelineResult> {
  const logger = options.logger ?? silentLogger;
  const { config } = options;
  const paths = artifactPaths(db.path);
  const seconds: Record<string, number> = {};
  const stage = stageRunner(logger, { end: (name, end) => (seconds[name] = round2(end.seconds)) });

  const features = await stage('features', () => featuresStage(db, { asOf: options.asOf, config }), featuresLine);
  const train = await stage(
    'train',
    () => trainStage(db, { asOf: features.asOf, config, modelsDir: paths.models, logger }),
    trainLine,
  );
  const score = await stage(
    'score',
    () => scoreStage(db, { asOf: features.asOf, config, modelId: train.modelId, logger }),
    scoreLine,
  );
  const playbook = loadPlaybook(config.plan.playbook);
  const plan = await stage('plan', () => planStage(db, planOptionsOf(config, playbook, score.asOf)), planLine);
  const exportOptions = { tiers: config.export.tiers, asOf: score.asOf, playbook };
  const exports = await stage(
    'export',
    async () => [
      await exportStage(db, { ...exportOptions, out: join(paths.exports, 'at-risk.csv'), bom: true }),
      await exportStage(db, { ...exportOptions, out: join(paths.exports, 'at-risk.xlsx') }),
      await exportStage(db, { ...exportOptions, out: join(paths.exports, 'at-risk.parquet') }),
    ],
    exportLine,
  );

  let site: PipelineResult['site'] = null;
  if (options.siteOut !== null) {
    const siteOut = resolve(options.siteOut);
    await stage(
      'publish',
      () => publishStage(db, { publishDir: paths.publish, config, asOf: score.asOf }),
      publishLine,
    );
    const { buildSite, siteLine } = await import('../report/build-site.ts');
    const built = await stage(
      'site',
      () => buildSite({ publishDir: paths.publish, outDir: siteOut, logger }),
      siteLine,
    );
    site = { outDir: built.outDir, pages: built.pages, publishDir: paths.publish };
  }
  return { features, train, score, plan, exports, site, seconds };
}

const round2 = (v: number) => Math.round(v * 100) / 100;
