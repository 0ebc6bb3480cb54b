// churn preview: serve the report site locally (Framework's preview server, live data loaders).
import { artifactPaths } from '../../paths.ts';
import { previewSite } from '../../report/preview.ts';
import type { CommandRun } from '../command.ts';
import { intOption } from '../options.ts';

export const run: CommandRun = async (ctx, args) => {
  const port = intOption(args, 'port', 1, 65535) ?? 3000;
  const publishDir = artifactPaths(ctx.dbPath).publish;
  await previewSite({ publishDir, port, logger: ctx.logger });
  return { json: { stopped: true }, text: 'preview stopped' };
};
