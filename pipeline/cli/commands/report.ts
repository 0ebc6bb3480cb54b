// churn report: publish the report data from the database, then build the static site from it.
import { resolve } from 'node:path';
import { timed } from '../../log.ts';
import { artifactPaths } from '../../paths.ts';
import { buildSite } from '../../report/build-site.ts';
import { publishStage } from '../../report/publish.ts';
import type { CommandRun } from '../command.ts';
import { stringOption } from '../options.ts';
import { withDatabase } from '../with-database.ts';

export const run: CommandRun = async (ctx, args) => {
  const outDir = resolve(stringOption(args, 'out') ?? ctx.config.report.outDir);
  const publishDir = artifactPaths(ctx.dbPath).publish;
  const published = await withDatabase(ctx.dbPath, (db) => publishStage(db, { publishDir, config: ctx.config }), true);
  ctx.logger.info(`published ${published.files.join(', ')} (scores of ${published.asOf}) to ${publishDir}`);
  const { value: site, seconds } = await timed(() => buildSite({ publishDir, outDir, logger: ctx.logger }));
  return {
    json: { ...published, site: { ...site, seconds } },
    text: `built ${site.pages.length} pages in ${outDir} (${seconds.toFixed(1)} s); \`npm run preview\` serves it on localhost`,
  };
};
