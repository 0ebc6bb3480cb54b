// churn features: build the point-in-time snapshot at the as-of date.
import { featuresStage } from '../../features/features-stage.ts';
import { timed } from '../../timer.ts';
import type { CommandRun } from '../command.ts';
import type { FEATURES } from '../commands.ts';
import { withDatabase } from '../with-database.ts';

export const run: CommandRun<typeof FEATURES> = (ctx, args) =>
  withDatabase(
    ctx,
    async (db) => {
      const { value, seconds } = await timed(() =>
        featuresStage(db, { asOf: args.options.asOf, config: ctx.config, logger: ctx.logger }),
      );
      return {
        json: { ...value, seconds },
        text: `features at ${value.asOf}: ${value.customers.toLocaleString('en')} customers${value.labelled ? ' (labels observed)' : ''} (${seconds.toFixed(2)} s)`,
      };
    },
    'write',
  );
