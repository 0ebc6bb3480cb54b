// churn generate: the synthetic history as canonical CSV files, to be ingested like a user's export.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.ts';
import { generateToCsv } from '../../generate/to-csv.ts';
import { timed } from '../../timer.ts';
import { checkOutputFolder } from '../check-paths.ts';
import type { CommandRun } from '../command.ts';
import type { GENERATE } from '../commands.ts';

export const run: CommandRun<typeof GENERATE> = async (ctx, args) => {
  const { out, customers } = args.options;
  const seed = args.options.seed ?? ctx.config.seed;
  checkOutputFolder(out, '--out');
  // A user's own export may carry the same name: overwritten only when asked.
  const present = ['customers.csv', 'events.csv'].filter((name) => existsSync(join(out, name)));
  if (present.length > 0 && !args.options.replace) {
    throw new UserError(
      `--out ${out} already holds ${present.join(' and ')}: add --replace to overwrite, or choose another folder`,
    );
  }
  const { value: summary, seconds } = await timed(() => generateToCsv(out, { customers, seed }, ctx.logger));
  return {
    json: { out, seed, ...summary, seconds },
    text: `wrote ${summary.customers.toLocaleString('en')} customers and ${summary.events.toLocaleString('en')} events to ${out}/customers.csv and ${out}/events.csv (${seconds.toFixed(1)} s)`,
  };
};
