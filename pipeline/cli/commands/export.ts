// churn export: the at-risk list with the plan, for retention teams (CSV, xlsx, Parquet or JSON).
import { exportStage, type ExportResult } from '../../export/export-stage.ts';
import { releaseWhenLocked } from '../../retrain/release.ts';
import { loadScoresSnapshot } from '../../retrain/scores-snapshot.ts';
import { loadPlaybook } from '../../plan/playbook.ts';
import { checkOutputFile } from '../check-paths.ts';
import type { CommandRun } from '../command.ts';
import type { EXPORT } from '../commands.ts';
import { checkChoices } from '../options.ts';
import { withDatabase } from '../with-database.ts';

export const run: CommandRun<typeof EXPORT> = async (ctx, args) => {
  const { out, format, segment, action, channel, limit, bom, locale, asOf } = args.options;
  const tiers = args.options.tier ?? ctx.config.export.tiers;
  const playbook = loadPlaybook(ctx.config.plan.playbook);
  // Actions and channels are the playbook's, known once the config names it.
  checkChoices(
    action,
    '--action',
    playbook.actions.map((a) => a.code),
  );
  checkChoices(channel, '--channel', Object.keys(playbook.channels));
  const options = {
    out,
    format,
    tiers,
    segments: segment,
    actions: action,
    channels: channel,
    limit,
    bom,
    locale,
    asOf,
    playbook,
  };
  checkOutputFile(out, '--out');
  const describe = (e: ExportResult, from = '') => ({
    json: e,
    text: `exported ${e.rows.toLocaleString('en')} customers (${tiers.join(', ')} risk, scores of ${e.asOf}${from}) to ${e.out} as ${e.format}; value at risk ${e.valueAtRisk.toFixed(0)} [${e.exportId}]`,
  });
  try {
    // Opened for writing (each export is recorded), but never created: there would be nothing to export.
    return await withDatabase(ctx, async (db) => describe(await exportStage(db, options)), 'write');
  } catch (error) {
    // While a retraining run holds the database, export what the current release published.
    const release = releaseWhenLocked(error, ctx.dbPath);
    if (release === null) throw error;
    ctx.logger.warn(
      `the database is in use (a retraining run?): exporting from the published release ${release.root}; this export is not recorded in the exports table`,
    );
    return withDatabase({ ...ctx, dbPath: ':memory:' }, async (db) => {
      await loadScoresSnapshot(db, release.snapshot);
      return describe(await exportStage(db, options), ', published release');
    });
  }
};
