// Runs the stages after the data is loaded, in order, timing each and logging one line per stage:
// train (with its two feature snapshots) -> score (snapshot at as-of) -> plan -> export -> publish -> site.
import { join, resolve } from 'node:path';
import type { Config } from '../config/config-schema.ts';
import type { Database } from '../db/database.ts';
import { exportStage, type ExportResult } from '../export/export.ts';
import { featuresStage, type FeaturesResult } from '../features/features-stage.ts';
import { silentLogger, type Logger } from '../log.ts';
import { timed } from '../timer.ts';
import { artifactPaths } from '../paths.ts';
import { loadPlaybook } from '../plan/playbook.ts';
import { planStage, type PlanSummary } from '../plan/plan-stage.ts';
import { publishStage } from '../report/publish.ts';
import { scoreStage, type ScoreResult } from '../score/score.ts';
import { trainStage, type TrainResult } from '../train/train.ts';

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
  const step = async <T>(name: string, fn: () => Promise<T>, summary: (v: T) => string): Promise<T> => {
    const { value, seconds: s } = await timed(fn);
    seconds[name] = round2(s);
    logger.stage(name, summary(value), s);
    return value;
  };

  const features = await step('features', () => featuresStage(db, { asOf: options.asOf, config }),
    (f) => `snapshot at ${f.asOf}: ${f.customers.toLocaleString('en')} customers`);
  const train = await step('train', () => trainStage(db, { asOf: features.asOf, config, modelsDir: paths.models, logger }),
    (t) => `${t.modelId} on ${t.rows.train.toLocaleString('en')} rows (cutoff ${t.trainCutoff}), ` +
      `${t.epochs} epochs [${t.backend}]; ships churn from ${t.shipped.churn}, value from ${t.shipped.value}; selection at ${t.validCutoff}: AUC ${t.evaluation.metrics.auc.toFixed(3)} ` +
      `(recency rule ${t.evaluation.metrics.recencyAuc.toFixed(3)}), value Gini ${t.evaluation.metrics.value.gini.toFixed(3)}`);
  const score = await step('score', () => scoreStage(db, { asOf: features.asOf, config, modelId: train.modelId, logger }),
    (s) => `${s.customers.toLocaleString('en')} customers: ${s.tiers.high.toLocaleString('en')} high, ` +
      `${s.tiers.medium.toLocaleString('en')} medium risk; value at risk ${money(s.valueAtRisk)}`);
  const playbook = loadPlaybook(config.plan.playbook);
  const plan = await step('plan', () => planStage(db, {
    asOf: score.asOf,
    playbook,
    lifecycle: config.plan.lifecycle,
    valueTiers: config.plan.valueTiers,
  }), (p) => `${p.contacted.toLocaleString('en')} customers to contact (${p.control.toLocaleString('en')} held out as control), ` +
    `expected net benefit ${money(p.expectedNetBenefit)}`);
  const exportOptions = { tiers: config.export.tiers, asOf: score.asOf, playbook };
  const exports = await step('export', async () => [
    await exportStage(db, { ...exportOptions, out: join(paths.exports, 'at-risk.csv'), bom: true }),
    await exportStage(db, { ...exportOptions, out: join(paths.exports, 'at-risk.xlsx') }),
    await exportStage(db, { ...exportOptions, out: join(paths.exports, 'at-risk.parquet') }),
  ], (e) => `${e[0].rows.toLocaleString('en')} at-risk customers -> ${e.map((x) => x.out).join(', ')}`);

  let site: PipelineResult['site'] = null;
  if (options.siteOut !== null) {
    const siteOut = resolve(options.siteOut);
    await step('publish', () => publishStage(db, { publishDir: paths.publish, config, asOf: score.asOf }),
      (p) => `${p.files.join(', ')} -> ${p.publishDir}`);
    const { buildSite } = await import('../report/build-site.ts');
    const built = await step('site', () => buildSite({ publishDir: paths.publish, outDir: siteOut, logger }),
      (b) => `${b.pages.length} pages -> ${b.outDir}`);
    site = { outDir: built.outDir, pages: built.pages, publishDir: paths.publish };
  }
  return { features, train, score, plan, exports, site, seconds };
}

const round2 = (v: number) => Math.round(v * 100) / 100;
const money = (v: number) => v.toLocaleString('en', { maximumFractionDigits: 0 });
