// churn report: publish the report data from the database, then build the static site from it.
import { resolve } from 'node:path';
import { timed } from '../../timer.ts';
import { artifactPaths } from '../../paths.ts';
import { buildSite, checkReplaceable } from '../../report/build-site.ts';
import { releaseWhenLocked } from '../../retrain/release.ts';
import { publishStage } from '../../report/publish-stage.ts';
import { checkOutputFolder } from '../check-paths.ts';
import type { CommandRun } from '../command.ts';
import type { REPORT } from '../commands.ts';
import { withDatabase } from '../with-database.ts';

export const run: CommandRun<typeof REPORT> = async (ctx, args) => {
  const outDir = resolve(args.options.out ?? ctx.config.report.outDir);
  checkOutputFolder(outDir, '--out', { replaced: true });
  await checkReplaceable(outDir);
  let publishDir = artifactPaths(ctx.dbPath).publish;
  let published;
  try {
    published = await withDatabase(ctx, (db) => publishStage(db, { publishDir, config: ctx.config }), true);
    ctx.logger.info(`published ${published.files.join(', ')} (scores of ${published.asOf}) to ${publishDir}`);
  } catch (error) {
    // While a retraining run holds the database, build from what the current release published.
    const release = releaseWhenLocked(error, ctx.dbPath);
    if (release === null) throw error;
    publishDir = release.publish;
    ctx.logger.warn(`the database is in use (a retraining run?): building from the published release ${release.root}`);
    published = { publishDir, asOf: null, modelId: null, files: [], fromRelease: release.root };
  }
  const { value: site, seconds } = await timed(() => buildSite({ publishDir, outDir, logger: ctx.logger }));
  return {
    json: { ...published, site: { ...site, seconds } },
    text: `built ${site.pages.length} pages in ${outDir} (${seconds.toFixed(1)} s); \`npm run preview\` serves it on localhost`,
  };
};
