// churn demo: synthetic history into the database, then every stage, then where to look.
// The demo starts from an empty database, so it replaces what the database holds: only when that is
// all its own (a previous demo's), or with --replace; a user's data is never replaced by mistake.
import { isAbsolute, relative, resolve } from 'node:path';
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
import { foreignData } from '../../generate/provenance.ts';
import { generateIntoDatabase } from '../../generate/to-duckdb.ts';
import { stopwatch, timed } from '../../timer.ts';
import { DEFAULT_DB } from '../../paths.ts';
import { checkReplaceable } from '../../report/build-site.ts';
import { runPipeline } from '../../run/run-pipeline.ts';
import { checkOutputFolder } from '../check-paths.ts';
import type { CommandContext, CommandRun } from '../command.ts';
import type { DEMO } from '../commands.ts';
import { withDatabase } from '../with-database.ts';

export const run: CommandRun<typeof DEMO> = async (ctx, args) => {
  const { customers, noReport, replace, business } = args.options;
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
    const { value: generated, seconds } = await timed(() =>
      generateIntoDatabase(db, { customers, seed, business }, ctx.logger),
    );
    ctx.logger.stage(
      'generate',
      `${generated.customers.toLocaleString('en')} customers, ${generated.events.toLocaleString('en')} events -> ${ctx.dbPath}`,
      seconds,
    );
    const configLine = business === 'subscription' ? recordConfig(ctx, config) : null;
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
    if (result.site) {
      lines.push(
        `  report site:   ${shortPath(result.site.outDir)}/index.html`,
        '',
        `Look at it: \`${ctx.dbPath === DEFAULT_DB ? 'npm run preview' : `npx churn preview --db ${ctx.dbPath}`}\` serves the site on http://127.0.0.1:3000.`,
      );
    }
    return {
      json: { seed, generated, ...result, totalSeconds: Math.round(totalSeconds * 100) / 100 },
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

/** Relative to the working directory when inside it, else absolute. */
function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
