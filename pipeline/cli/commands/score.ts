// churn score: score every customer at the as-of date with the champion (or the given) model, then
// rebuild the retention plan for those scores, so that segments and actions always go with them.
import { timed } from '../../log.ts';
import { artifactPaths } from '../../paths.ts';
import { loadPlaybook } from '../../plan/playbook.ts';
import { planStage } from '../../plan/plan-stage.ts';
import { scoreStage } from '../../score/score.ts';
import type { CommandRun } from '../command.ts';
import { dateOption, stringOption } from '../options.ts';
import { withDatabase } from '../with-database.ts';
import { describePlan } from './plan.ts';

export const run: CommandRun = (ctx, args) => {
  const playbook = loadPlaybook(ctx.config.plan.playbook);
  return withDatabase(ctx.dbPath, async (db) => {
    const { value: s, seconds } = await timed(() =>
      scoreStage(db, { asOf: dateOption(args, 'as-of'), config: ctx.config, modelId: stringOption(args, 'model'), modelsDir: artifactPaths(ctx.dbPath).models, logger: ctx.logger }),
    );
    const plan = await planStage(db, { asOf: s.asOf, playbook, lifecycle: ctx.config.plan.lifecycle, valueTiers: ctx.config.plan.valueTiers });
    return {
      json: { ...s, seconds, plan },
      text: `scored ${s.customers.toLocaleString('en')} customers at ${s.asOf} with ${s.modelId}: ` +
        `${s.tiers.high} high, ${s.tiers.medium} medium, ${s.tiers.low} low risk; ` +
        `predicted value ${s.predictedValue.toFixed(0)}, value at risk ${s.valueAtRisk.toFixed(0)} (${seconds.toFixed(2)} s)\n` +
        describePlan(plan),
    };
  });
};
