// churn ingest: validate and load a canonical CSV file; a file with a bad row is refused whole.
import { ingestCsv, parseKind } from '../../ingest/ingest.ts';
import { timed } from '../../log.ts';
import type { CommandRun } from '../command.ts';
import { stringOption } from '../options.ts';
import { withDatabase } from '../with-database.ts';

export const run: CommandRun = (ctx, args) => {
  const kind = parseKind(stringOption(args, 'kind'));
  const file = args.positionals[0];
  return withDatabase(ctx.dbPath, async (db) => {
    const { value: r, seconds } = await timed(() => ingestCsv(db, file, kind, ctx.logger));
    return {
      json: { ...r, seconds },
      text: `${r.file}: ${r.rowsRead.toLocaleString('en')} rows read, ${r.inserted.toLocaleString('en')} inserted, ${r.alreadyPresent.toLocaleString('en')} already present (${seconds.toFixed(1)} s)`,
    };
  });
};
