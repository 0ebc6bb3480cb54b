// churn generate: the synthetic history as canonical CSV files, to be ingested like a user's export.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.ts';
import { SUBSCRIPTION_FILES, generateSubscriptionToCsv } from '../../generate/subscription-to-csv.ts';
import { generateToCsv } from '../../generate/to-csv.ts';
import { timed } from '../../timer.ts';
import { checkOutputFolder } from '../check-paths.ts';
import type { CommandRun } from '../command.ts';
import type { GENERATE } from '../commands.ts';

export const run: CommandRun<typeof GENERATE> = async (ctx, args) => {
  const { out, customers, business } = args.options;
  const names = business === 'subscription' ? SUBSCRIPTION_FILES : ['customers.csv', 'events.csv'];
  const seed = args.options.seed ?? ctx.config.seed;
  checkOutputFolder(out, '--out');
  // A user's own export may carry the same name: overwritten only when asked.
  const present = names.filter((name) => existsSync(join(out, name)));
  if (present.length > 0 && !args.options.replace) {
    throw new UserError(
      `--out ${out} already holds ${present.join(' and ')}: add --replace to overwrite, or choose another folder`,
    );
  }
  const write = business === 'subscription' ? generateSubscriptionToCsv : generateToCsv;
  const { value: summary, seconds } = await timed(() => write(out, { customers, seed }, ctx.logger));
  return {
    json: { out, seed, ...summary, seconds },
    text: `wrote ${summary.customers.toLocaleString('en')} customers and ${summary.events.toLocaleString('en')} events to ${names.map((n) => `${out}/${n}`).join(', ')} (${seconds.toFixed(1)} s)`,
  };
};
