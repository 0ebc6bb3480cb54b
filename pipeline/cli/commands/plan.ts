// churn plan: build the retention plan from the latest (or given) scores with the playbook.
import { timed } from '../../timer.ts';
import { loadPlaybook } from '../../plan/playbook.ts';
import { planStage, type PlanSummary } from '../../plan/plan-stage.ts';
import type { CommandRun } from '../command.ts';
import type { PLAN } from '../commands.ts';
import { withDatabase } from '../with-database.ts';

export const run: CommandRun<typeof PLAN> = async (ctx, args) => {
  const playbook = loadPlaybook(args.options.playbook ?? ctx.config.plan.playbook);
  return withDatabase(
    ctx,
    async (db) => {
      const { value: plan, seconds } = await timed(() =>
        planStage(db, {
          asOf: args.options.asOf,
          playbook,
          lifecycle: ctx.config.plan.lifecycle,
          valueTiers: ctx.config.plan.valueTiers,
        }),
      );
      return { json: { ...plan, seconds }, text: describePlan(plan) };
    },
    'write',
  );
};

export function describePlan(p: PlanSummary): string {
  const n = (v: number) => v.toLocaleString('en', { maximumFractionDigits: 0 });
  const lines = [
    `plan at ${p.asOf} (campaign ${p.campaign}): ${n(p.contacted)} customers to contact, ${n(p.control)} held out as control, expected net benefit ${n(p.expectedNetBenefit)}`,
    '',
    `  ${'action'.padEnd(24)} ${'channel'.padEnd(9)} ${'contact'.padStart(8)} ${'control'.padStart(8)} ${'net benefit'.padStart(12)}`,
    ...p.byAction.map(
      (a) =>
        `  ${a.action.padEnd(24)} ${a.channel.padEnd(9)} ${n(a.contacted).padStart(8)} ${n(a.control).padStart(8)} ${n(a.netBenefit).padStart(12)}`,
    ),
    '',
    `  capacity used: ${Object.entries(p.capacity)
      .map(([k, v]) => `${k} ${n(v.used)}/${n(v.capacity)}`)
      .join(', ')}`,
    `  lifecycle: ${Object.entries(p.lifecycle)
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(', ')}`,
  ];
  return lines.join('\n');
}
