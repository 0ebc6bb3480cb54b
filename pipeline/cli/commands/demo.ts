// churn demo: synthetic history into the database, then every stage, then where to look.
// The demo starts from an empty database, so it replaces what the database holds: only when that is
// all its own (a previous demo's), or with --replace; a user's data is never replaced by mistake.
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseConfig } from '../../config/config.ts';
import type { Config } from '../../config/config-schema.ts';
import { applySchema, type Database } from '../../db/database.ts';
import { UserError } from '../../errors.ts';
import {
  databaseConfigPath,
  forgetDatabaseConfig,
  subscriptionConfig,
  writeDatabaseConfig,
} from '../../generate/business-config.ts';
import type { Business } from '../../generate/businesses.ts';
import { foreignData, recordGenerated } from '../../generate/provenance.ts';
import { DEFAULT_END } from '../../generate/generator.ts';
import { artifactPaths } from '../../paths.ts';
import { loadPlaybook } from '../../plan/playbook.ts';
import { simulateCampaigns, simulationStart, type SimulationResult } from '../../simulate/simulate.ts';
import type { Truth } from '../../simulate/true-effects.ts';
import { generateIntoDatabase } from '../../generate/to-duckdb.ts';
import { writeFileAtomicSync } from '../../atomic-write.ts';
import { stopwatch, timed } from '../../timer.ts';
import { DEFAULT_DB } from '../../paths.ts';
import { checkReplaceable } from '../../report/build-site.ts';
import { runPipeline } from '../../run/run-pipeline.ts';
import { checkOutputFolder } from '../check-paths.ts';
import type { CommandContext, CommandRun } from '../command.ts';
import type { DEMO } from '../commands.ts';
import { withDatabase } from '../with-database.ts';

export const run: CommandRun<typeof DEMO> = async (ctx, args) => {
  const { customers, noReport, replace, business, campaigns, trueEffects } = args.options;
  if (campaigns !== undefined && business !== 'retail')
    throw new UserError('--campaigns simulates retail campaigns (purchases): leave out --business subscription');
  const seed = args.options.seed ?? ctx.config.seed;
  const config = { ...demoConfig(ctx, business), seed };
  const siteOut = noReport ? null : (args.options.out ?? config.report.outDir);
  // The site is built last: a wrong --out must not cost a whole run first.
  if (siteOut !== null) {
    checkOutputFolder(siteOut, '--out', { replaced: true });
    await checkReplaceable(siteOut);
  }
  const elapsed = stopwatch();
  return withDatabase(ctx, async (db) => {
    const foreign = await foreignData(db);
    if (foreign !== null && !replace) {
      throw new UserError(
        `database ${ctx.dbPath} holds ${foreign}; the demo would replace them: give the demo a database of its own (e.g. --db data/demo/churn.duckdb) or add --replace to replace this one`,
      );
    }
    if (foreign !== null) ctx.logger.warn(`--replace: replacing ${foreign} in ${ctx.dbPath}`);
    await clearDatabase(db);
    // A simulation needs history before its first campaign: a year, then one horizon per campaign.
    const start = campaigns === undefined ? undefined : simulationStart(DEFAULT_END, campaigns, config);
    const { value: generated, seconds } = await timed(() =>
      generateIntoDatabase(db, { customers, seed, business, start }, ctx.logger),
    );
    ctx.logger.stage(
      'generate',
      `${generated.customers.toLocaleString('en')} customers, ${generated.events.toLocaleString('en')} events -> ${ctx.dbPath}`,
      seconds,
    );
    const configLine = business === 'subscription' ? recordConfig(ctx, config) : null;
    const simulation =
      campaigns === undefined ? null : await simulate(ctx, db, config, { campaigns, seed, truth: trueEffects });
    const result = await runPipeline(db, { config, siteOut, logger: ctx.logger });
    const totalSeconds = elapsed();
    const m = result.train.evaluation.metrics;
    const lines = [
      `Demo finished in ${totalSeconds.toFixed(1)} s.`,
      `  database:      ${ctx.dbPath} (${generated.customers.toLocaleString('en')} customers, ${generated.events.toLocaleString('en')} events)`,
      `  model:         ${result.train.modelId} [${result.train.backend}]`,
      `  shipped:       churn from ${result.train.shipped.churn}, value from ${result.train.shipped.value}`,
      `  selection:     AUC ${m.auc.toFixed(3)}, PR-AUC ${m.prAuc.toFixed(3)}, Brier ${m.brier.toFixed(3)}, value Gini ${m.value.gini.toFixed(3)} (recency rule AUC ${m.recencyAuc.toFixed(3)}; validation window, cross-fitted)`,
      `  at-risk list:  ${result.exports.map((e) => shortPath(e.out)).join(' and ')} (${result.exports[0].rows.toLocaleString('en')} customers)`,
    ];
    if (configLine !== null) lines.push(configLine);
    if (simulation !== null) lines.push(...simulationLines(simulation.result, shortPath(simulation.file)));
    if (result.site) {
      lines.push(
        `  report site:   ${shortPath(result.site.outDir)}/index.html`,
        '',
        `Look at it: \`${ctx.dbPath === DEFAULT_DB ? 'npm run preview' : `npx churn preview --db ${ctx.dbPath}`}\` serves the site on http://127.0.0.1:3000.`,
      );
    }
    return {
      json: {
        seed,
        generated,
        ...result,
        simulation: simulation?.result ?? null,
        totalSeconds: Math.round(totalSeconds * 100) / 100,
      },
      text: lines.join('\n'),
    };
  });
};

/**
 * The config the demo runs with. A subscription history needs churn as cancellation (unless the
 * user's config says otherwise); a retail one replacing it drops the file a subscription demo wrote
 * beside the database, which would otherwise ask purchases for cancellations.
 */
function demoConfig(ctx: CommandContext, business: Business): Config {
  if (business === 'subscription') return subscriptionConfig(ctx.config, ctx.configSource);
  const own = ctx.configSource !== null && resolve(ctx.configSource) === databaseConfigPath(ctx.dbPath);
  if (!own || !forgetDatabaseConfig(ctx.dbPath)) return ctx.config;
  ctx.logger.warn(`removed ${ctx.configSource}, which a subscription demo wrote: a retail history churns by purchases`);
  return parseConfig({});
}

/** Keeps the subscription settings beside the database for later commands; the summary's line about it. */
function recordConfig(ctx: CommandContext, config: Config): string {
  const path = shortPath(databaseConfigPath(ctx.dbPath));
  const settings = `churn = ${config.churn.definition}, horizonDays ${config.horizonDays}`;
  if (!writeDatabaseConfig(ctx.dbPath, config)) return `  config:        ${settings} (${path} exists: left as it is)`;
  const read =
    ctx.configSource === null
      ? `later commands with --db ${ctx.dbPath} read it`
      : `later commands read ${ctx.configSource} first: pass --config ${path} to use it`;
  return `  config:        ${settings}, written to ${path}; ${read}`;
}

/**
 * Drops every table (derived ones would otherwise describe the previous history) and recreates the
 * schema. Dropped rather than emptied: DuckDB deletes rows from indexed tables slowly.
 */
async function clearDatabase(db: Database): Promise<void> {
  const objects = await db.all<{ name: string; type: string }>(
    "SELECT table_name AS name, table_type AS type FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_type = 'VIEW' DESC",
    {},
    'demo: list tables',
  );
  for (const { name, type } of objects) {
    // Names come from the catalog, not from the user; quoting keeps odd names harmless.
    await db.run(
      `DROP ${type === 'VIEW' ? 'VIEW' : 'TABLE'} IF EXISTS "${name.replace(/"/g, '""')}"`,
      {},
      'demo: reset',
    );
  }
  await applySchema(db);
}

/** Runs the campaigns (pipeline/simulate) and writes their record beside the database. */
async function simulate(
  ctx: CommandContext,
  db: Database,
  config: Config,
  o: { campaigns: number; seed: number; truth: Truth },
) {
  const playbook = loadPlaybook(config.plan.playbook);
  const result = await simulateCampaigns(db, { config, playbook, ...o, end: DEFAULT_END, logger: ctx.logger });
  const { seed } = o;
  // The campaigns' actions and purchases are the demo's own: a later demo may replace them.
  await recordGenerated(db, 'js', seed);
  const file = join(artifactPaths(db.path).dir, 'simulation.json');
  writeFileAtomicSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return { result, file };
}

function simulationLines(r: SimulationResult, file: string): string[] {
  const money = (v: number) => Math.round(v).toLocaleString('en');
  const t = r.worlds.learning.at(-1)?.truth;
  return [
    `  campaigns:     ${r.campaigns}, true effects ${r.truth} (${r.dates[0]} to ${r.dates.at(-1)}), realised net benefit: learning plan ${money(r.total.learning)}, static playbook ${money(r.total.static)}${r.total.gain === null ? '' : ` (${r.total.gain >= 0 ? '+' : ''}${(r.total.gain * 100).toFixed(1)}%)`}`,
    t && t.segments > 0
      ? `  learned:       ${t.within} of ${t.segments} segments with >= ${t.minTreated} treated within ${t.tolerance} of the true effect (largest error ${t.maxError?.toFixed(3)}); record in ${file}`
      : `  learned:       no segment has ${t?.minTreated ?? 500} treated customers; record in ${file}`,
  ];
}

/** Relative to the working directory when inside it, else absolute. */
function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
