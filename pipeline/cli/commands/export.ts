// churn export: the at-risk list with the plan, for retention teams (CSV, xlsx, Parquet or JSON).
import { EXPORT_FORMATS, exportStage, parseList, parseTiers, type ExportFormat, type ExportResult } from '../../export/export-stage.ts';
import { UsageError } from '../../errors.ts';
import { releaseWhenLocked } from '../../retrain/release.ts';
import { loadScoresSnapshot } from '../../retrain/scores-snapshot.ts';
import { loadPlaybook } from '../../plan/playbook.ts';
import { RFM_SEGMENTS, type Locale } from '../../vocabulary.ts';
import { checkOutputFile } from '../check-paths.ts';
import type { CommandRun } from '../command.ts';
import { dateOption, flag, intOption, requiredString, stringOption } from '../options.ts';
import { withDatabase } from '../with-database.ts';

export const run: CommandRun = async (ctx, args) => {
  const out = requiredString(args, 'out');
  const tierArg = stringOption(args, 'tier');
  const tiers = tierArg === undefined ? ctx.config.export.tiers : parseTiers(tierArg);
  const format = stringOption(args, 'format');
  if (format !== undefined && !(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be ${EXPORT_FORMATS.join(', ')}; got "${format}"`);
  }
  const locale = stringOption(args, 'locale') ?? 'en';
  if (locale !== 'en' && locale !== 'zh-CN') throw new UsageError(`--locale must be en or zh-CN; got "${locale}"`);
  const playbook = loadPlaybook(ctx.config.plan.playbook);
  const options = {
    out,
    format: format as ExportFormat | undefined,
    tiers,
    segments: parseList(stringOption(args, 'segment'), '--segment', RFM_SEGMENTS),
    actions: parseList(stringOption(args, 'action'), '--action', playbook.actions.map((a) => a.code)),
    channels: parseList(stringOption(args, 'channel'), '--channel', Object.keys(playbook.channels)),
    limit: intOption(args, 'limit', 1, 100_000_000),
    bom: flag(args, 'bom'),
    locale: locale as Locale,
    asOf: dateOption(args, 'as-of'),
    playbook,
  };
  checkOutputFile(out, '--out');
  const describe = (e: ExportResult, from = '') => ({
    json: e,
    text: `exported ${e.rows.toLocaleString('en')} customers (${tiers.join(', ')} risk, scores of ${e.asOf}${from}) to ${e.out} as ${e.format}; value at risk ${e.valueAtRisk.toFixed(0)} [${e.exportId}]`,
  });
  try {
    // Opened for writing (each export is recorded), but never created: there would be nothing to export.
    return await withDatabase(ctx.dbPath, async (db) => describe(await exportStage(db, options)), 'write');
  } catch (error) {
    // While a retraining run holds the database, export what the current release published.
    const release = releaseWhenLocked(error, ctx.dbPath);
    if (release === null) throw error;
    ctx.logger.warn(`the database is in use (a retraining run?): exporting from the published release ${release.root}; this export is not recorded in the exports table`);
    return withDatabase(':memory:', async (db) => {
      await loadScoresSnapshot(db, release.snapshot);
      return describe(await exportStage(db, options), ', published release');
    });
  }
};
