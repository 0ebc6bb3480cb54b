// churn preview: serve the report site locally (Framework's preview server, live data loaders).
import { artifactPaths } from '../../paths.ts';
import { previewSite } from '../../report/preview.ts';
import type { CommandRun } from '../command.ts';
import type { PREVIEW } from '../commands.ts';

export const run: CommandRun<typeof PREVIEW> = async (ctx, args) => {
  const port = args.options.port;
  const publishDir = artifactPaths(ctx.dbPath).publish;
  await previewSite({ publishDir, port, logger: ctx.logger });
  return { json: { stopped: true }, text: 'preview stopped' };
};
