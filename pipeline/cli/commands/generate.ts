// churn generate: the synthetic history as canonical CSV files, to be ingested like a user's export.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.ts';
import { generateToCsv } from '../../generate/to-csv.ts';
import { timed } from '../../timer.ts';
import { checkOutputFolder } from '../check-paths.ts';
import type { CommandRun } from '../command.ts';
import { flag, intOption, requiredString } from '../options.ts';

export const run: CommandRun = async (ctx, args) => {
  const out = requiredString(args, 'out');
  const customers = intOption(args, 'customers', 1, 10_000_000) ?? 50_000;
  const seed = intOption(args, 'seed', 0, 2 ** 31 - 1) ?? ctx.config.seed;
  checkOutputFolder(out, '--out');
  // A user's own export may carry the same name: overwritten only when asked.
  const present = ['customers.csv', 'events.csv'].filter((name) => existsSync(join(out, name)));
  if (present.length > 0 && !flag(args, 'replace')) {
    throw new UserError(`--out ${out} already holds ${present.join(' and ')}: add --replace to overwrite, or choose another folder`);
  }
  const { value: summary, seconds } = await timed(() => generateToCsv(out, { customers, seed }, ctx.logger));
  return {
    json: { out, seed, ...summary, seconds },
    text: `wrote ${summary.customers.toLocaleString('en')} customers and ${summary.events.toLocaleString('en')} events to ${out}/customers.csv and ${out}/events.csv (${seconds.toFixed(1)} s)`,
  };
};
