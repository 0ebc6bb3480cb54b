// churn ingest: load exports through a mapping, validating every row; or --infer a starter mapping.
import { basename, extname, join, dirname } from 'node:path';
import { inferMapping } from '../../ingest/infer.ts';
import { ingestStage, type IngestResult } from '../../ingest/ingest-stage.ts';
import { loadMapping } from '../../ingest/mapping.ts';
import { UsageError } from '../../errors.ts';
import { timed } from '../../timer.ts';
import { checkOutputFile } from '../check-paths.ts';
import type { CommandRun } from '../command.ts';
import type { INGEST } from '../commands.ts';
import { withDatabase } from '../with-database.ts';

export const run: CommandRun<typeof INGEST> = async (ctx, args) => {
  const { kind, format, encoding } = args.options;
  const files = args.positionals;

  if (args.options.infer) {
    if (files.length !== 1) throw new UsageError('--infer takes exactly one FILE');
    const inferred = await withDatabase({ ...ctx, dbPath: ':memory:' }, (db) =>
      inferMapping(db, files[0], kind, { format, encoding }),
    );
    for (const note of inferred.notes) ctx.logger.info(`note: ${note}`);
    // Text output is the mapping alone, to redirect into a file; --json adds the notes and the unplaced columns.
    return { json: inferred, text: JSON.stringify(inferred.mapping, null, 2) };
  }

  const mapPath = args.options.map;
  const mapping = mapPath === undefined ? null : loadMapping(mapPath, kind);
  const rejects = args.options.rejects;
  const rejectsOut = (file: string) =>
    rejects === undefined ? undefined : files.length === 1 ? rejects : perFile(rejects, file);
  for (const file of files) if (rejects !== undefined) checkOutputFile(rejectsOut(file)!, '--rejects');
  const dryRun = args.options.dryRun;
  const results: (IngestResult & { seconds: number })[] = [];
  await withDatabase(ctx, async (db) => {
    for (const file of files) {
      const { value, seconds } = await timed(() =>
        ingestStage(db, file, {
          kind,
          mapping,
          format,
          encoding,
          dryRun,
          rejectsOut: rejectsOut(file),
          missingCustomers: mapping?.missingCustomers ?? ctx.config.ingest.missingCustomers,
          futureToleranceHours: ctx.config.ingest.futureToleranceHours,
          logger: ctx.logger,
        }),
      );
      results.push({ ...value, seconds: Math.round(seconds * 100) / 100 });
      if (files.length > 1) ctx.logger.info(describe(value, seconds));
    }
  });
  const totals = { rowsRead: 0, inserted: 0, alreadyPresent: 0, updated: 0, rejected: 0, differ: 0 };
  for (const r of results) for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += r[k];
  return {
    // The warnings were logged to stderr as each file finished; --json repeats them all here.
    json: { dryRun, files: results, totals, warnings: results.flatMap((r) => r.warnings) },
    text:
      results.length === 1 ? describe(results[0], results[0].seconds) : `${results.length} files: ${summary(totals)}`,
  };
};

function describe(r: IngestResult, seconds: number): string {
  const reasons = Object.entries(r.rejectsByReason)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return (
    `${r.dryRun ? '[dry run] ' : ''}${r.file}: ${summary(r)}` +
    (r.customersCreated ? `, ${r.customersCreated.toLocaleString('en')} customers created from events` : '') +
    (reasons ? `; rejected: ${reasons}` : '') +
    (r.rejectsFile ? `; rejected rows in ${r.rejectsFile}` : '') +
    ` (${seconds.toFixed(1)} s)`
  );
}

/** rows read = inserted + already present + rejected, naming the parts of the last two that matter. */
function summary(t: {
  rowsRead: number;
  inserted: number;
  alreadyPresent: number;
  updated: number;
  rejected: number;
  differ: number;
}): string {
  const n = (v: number) => v.toLocaleString('en');
  return (
    `${n(t.rowsRead)} rows read = ${n(t.inserted)} inserted + ${n(t.alreadyPresent)} already present` +
    (t.updated ? ` (${n(t.updated)} customer${t.updated === 1 ? '' : 's'} updated)` : '') +
    ` + ${n(t.rejected)} rejected` +
    (t.differ
      ? ` (${t.differ === 1 ? '1 differs from the stored row' : `${n(t.differ)} differ from the stored rows`}, kept)`
      : '')
  );
}

function perFile(out: string, file: string): string {
  const ext = extname(out) || '.csv';
  return join(dirname(out), `${basename(out, ext)}-${basename(file, extname(file))}${ext}`);
}
