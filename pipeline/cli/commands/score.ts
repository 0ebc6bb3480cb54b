// churn score: score every customer at the as-of date with the champion (or the given) model, then
// rebuild the retention plan for those scores, so that segments and actions always go with them.
// With --shard i/n one shard of the customers goes to a Parquet file (the database is only read, so
// shards can run at once); --merge loads the shard files into `scores` and builds the plan.
import { cpus } from 'node:os';
import { timed } from '../../timer.ts';
import { artifactPaths } from '../../paths.ts';
import { loadPlaybook } from '../../plan/playbook.ts';
import { planOptionsOf, planStage } from '../../plan/plan-stage.ts';
import { mergeShards, scoreStage, type ScoreResult } from '../../score/score-stage.ts';
import { UsageError } from '../../errors.ts';
import { checkOutputFile } from '../check-paths.ts';
import type { CommandRun } from '../command.ts';
import type { SCORE } from '../commands.ts';
import { withDatabase } from '../with-database.ts';
import { describePlan } from './plan.ts';

export const run: CommandRun<typeof SCORE> = async (ctx, args) => {
  const { shard, merge, out } = args.options;
  if (merge && shard)
    throw new UsageError('--merge and --shard exclude each other: score the shards first, then merge their files');
  if (merge !== args.positionals.length > 0)
    throw new UsageError(
      merge
        ? '--merge needs the shard files'
        : `unexpected argument "${args.positionals[0]}" (shard files go with --merge)`,
    );
  if (out && !shard) throw new UsageError('--out goes with --shard: an unsharded run writes the scores table');
  if (out !== undefined) checkOutputFile(out, '--out');
  const workers = args.options.workers === 'auto' ? cpus().length : args.options.workers;
  const playbook = shard ? undefined : loadPlaybook(ctx.config.plan.playbook);
  // A shard only reads the database, so any number of shards can hold it open together.
  return withDatabase(
    ctx,
    async (db) => {
      const { value: s, seconds } = await timed(
        (): Promise<ScoreResult> =>
          merge
            ? mergeShards(db, args.positionals, { config: ctx.config, logger: ctx.logger })
            : scoreStage(db, {
                asOf: args.options.asOf,
                config: ctx.config,
                modelId: args.options.model,
                modelsDir: artifactPaths(ctx.dbPath).models,
                logger: ctx.logger,
                workers,
                explanations: !args.options.noExplanations,
                shard,
                out,
                reuseFeatures: args.options.reuseFeatures,
                rebuildFeatures: args.options.rebuildFeatures,
              }),
      );
      const head =
        `scored ${s.customers.toLocaleString('en')} customers at ${s.asOf} with ${s.modelId}${s.shard ? ` (shard ${s.shard}, written to ${s.out})` : merge ? ` (merged from ${args.positionals.length} shard files)` : ''}: ` +
        `${s.tiers.high} high, ${s.tiers.medium} medium, ${s.tiers.low} low risk; ` +
        `predicted value ${s.predictedValue.toFixed(0)}, value at risk ${s.valueAtRisk.toFixed(0)} (${seconds.toFixed(2)} s)`;
      if (!playbook || args.options.noPlan) return { json: { ...s, seconds }, text: head };
      const plan = await planStage(db, planOptionsOf(ctx.config, playbook, s.asOf));
      return { json: { ...s, seconds, plan }, text: `${head}\n${describePlan(plan)}` };
    },
    shard !== undefined ? true : 'write',
  );
};
