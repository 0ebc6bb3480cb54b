// churn export: the at-risk list as CSV (Excel-safe) or Parquet.
import { exportStage, parseTiers } from '../../export/export.ts';
import type { CommandRun } from '../command.ts';
import { dateOption, requiredString, stringOption } from '../options.ts';
import { withDatabase } from '../with-database.ts';

export const run: CommandRun = (ctx, args) => {
  const out = requiredString(args, 'out');
  const tierArg = stringOption(args, 'tier');
  const tiers = tierArg === undefined ? ctx.config.export.tiers : parseTiers(tierArg);
  const format = stringOption(args, 'format');
  const asOf = dateOption(args, 'as-of');
  return withDatabase(ctx.dbPath, async (db) => {
    const e = await exportStage(db, { out, format: format as never, tiers, asOf });
    return {
      json: e,
      text: `exported ${e.rows.toLocaleString('en')} customers (${tiers.join(', ')} risk, scores of ${e.asOf}) to ${e.out} as ${e.format}; value at risk ${e.valueAtRisk.toFixed(0)}`,
    };
  });
};
