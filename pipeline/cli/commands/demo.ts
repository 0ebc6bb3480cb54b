// churn demo: synthetic history into the database, then every stage, then where to look.
import { isAbsolute, relative } from 'node:path';
import { applySchema } from '../../db/database.ts';
import { generateIntoDatabase } from '../../generate/to-duckdb.ts';
import { timed } from '../../log.ts';
import { DEFAULT_DB } from '../../paths.ts';
import { runPipeline } from '../../run-pipeline.ts';
import type { CommandRun } from '../command.ts';
import { flag, intOption, stringOption } from '../options.ts';
import { withDatabase } from '../with-database.ts';

export const run: CommandRun = async (ctx, args) => {
  const customers = intOption(args, 'customers', 100, 10_000_000) ?? 50_000;
  const seed = intOption(args, 'seed', 0, 2 ** 31 - 1) ?? ctx.config.seed;
  const config = { ...ctx.config, seed };
  const siteOut = flag(args, 'no-report') ? null : (stringOption(args, 'out') ?? config.report.outDir);
  const total = performance.now();
  return withDatabase(ctx.dbPath, async (db) => {
    // A demo starts from scratch: derived tables would otherwise describe the previous history.
    // Dropped and recreated rather than emptied: DuckDB deletes rows from indexed tables slowly.
    await db.run(
      'DROP TABLE IF EXISTS scores; DROP TABLE IF EXISTS models; DROP TABLE IF EXISTS features; DROP TABLE IF EXISTS btyd_fits;',
      {},
      'demo: reset',
    );
    await applySchema(db);
    const { value: generated, seconds } = await timed(() =>
      generateIntoDatabase(db, { customers, seed, replace: true }, ctx.logger),
    );
    ctx.logger.stage('generate', `${generated.customers.toLocaleString('en')} customers, ${generated.events.toLocaleString('en')} events -> ${ctx.dbPath}`, seconds);
    const result = await runPipeline(db, { config, siteOut, logger: ctx.logger });
    const totalSeconds = (performance.now() - total) / 1000;
    const m = result.train.evaluation.metrics;
    const lines = [
      `Demo finished in ${totalSeconds.toFixed(1)} s.`,
      `  database:      ${ctx.dbPath} (${generated.customers.toLocaleString('en')} customers, ${generated.events.toLocaleString('en')} events)`,
      `  model:         ${result.train.modelId} [${result.train.backend}]`,
      `  validation:    AUC ${m.auc.toFixed(3)}, PR-AUC ${m.prAuc.toFixed(3)}, Brier ${m.brier.toFixed(3)} (recency rule AUC ${m.recencyAuc.toFixed(3)})`,
      `  at-risk list:  ${result.exports.map((e) => shortPath(e.out)).join(' and ')} (${result.exports[0].rows.toLocaleString('en')} customers)`,
    ];
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

/** Relative to the working directory when inside it, else absolute. */
function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
