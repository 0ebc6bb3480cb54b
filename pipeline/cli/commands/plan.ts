// churn plan: build the retention plan from the latest (or given) scores with the playbook, within the
// run's budget and channel capacities where given (the what-if of docs/playbook.md).
import { UsageError } from '../../errors.ts';
import { timed } from '../../timer.ts';
import { loadPlaybook } from '../../plan/playbook.ts';
import type { Playbook } from '../../plan/playbook-schema.ts';
import { planOptionsOf, planStage, type PlanSummary } from '../../plan/plan-stage.ts';
import type { CommandRun } from '../command.ts';
import type { PLAN } from '../commands.ts';
import { oneOf } from '../options.ts';
import { withDatabase } from '../with-database.ts';

export const run: CommandRun<typeof PLAN> = async (ctx, args) => {
  const playbook = loadPlaybook(args.options.playbook ?? ctx.config.plan.playbook);
  const limits = { capacity: capacityOverrides(args.options.capacity ?? [], playbook), budget: args.options.budget };
  return withDatabase(
    ctx,
    async (db) => {
      const { value: plan, seconds } = await timed(() =>
        planStage(db, { ...planOptionsOf(ctx.config, playbook, args.options.asOf), limits }),
      );
      return { json: { ...plan, seconds }, text: describePlan(plan) };
    },
    'write',
  );
};

/** --capacity values as contacts per week by channel; a channel the playbook lacks, or one given twice, is refused. */
export function capacityOverrides(
  given: readonly { channel: string; perWeek: number }[],
  playbook: Playbook,
): Record<string, number> {
  const channels = Object.keys(playbook.channels);
  const perWeek: Record<string, number> = {};
  for (const { channel, perWeek: n } of given) {
    if (!channels.includes(channel))
      throw new UsageError(`--capacity: expected a channel of the playbook (${oneOf(channels)}), got "${channel}"`);
    if (channel in perWeek) throw new UsageError(`--capacity: channel ${channel} given twice`);
    perWeek[channel] = n;
  }
  return perWeek;
}

export function describePlan(p: PlanSummary): string {
  const n = (v: number) => v.toLocaleString('en', { maximumFractionDigits: 0 });
  const range = (i: { estimate: number; low: number | null; high: number | null }, digits = 0) => {
    const f = (v: number) => v.toLocaleString('en', { maximumFractionDigits: digits });
    return i.low === null || i.high === null ? f(i.estimate) : `${f(i.estimate)} (${f(i.low)} to ${f(i.high)})`;
  };
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const o = p.outcome;
  const lines = [
    `plan at ${p.asOf} (campaign ${p.campaign}): ${n(p.contacted)} customers to contact, ${n(p.control)} held out as control, expected net benefit ${n(p.expectedNetBenefit)}`,
    `  expected: ${range(o.retained, 1)} customers retained, value saved ${range(o.valueSaved)}, cost ${n(o.cost)}` +
      `${p.budget === null ? '' : ` of a budget of ${n(p.budget)}`}, net benefit ${range(o.netBenefit)}`,
    '',
    `  ${'action'.padEnd(24)} ${'channel'.padEnd(9)} ${'contact'.padStart(8)} ${'control'.padStart(8)} ${'net benefit'.padStart(12)}`,
    ...p.byAction.map(
      (a) =>
        `  ${a.action.padEnd(24)} ${a.channel.padEnd(9)} ${n(a.contacted).padStart(8)} ${n(a.control).padStart(8)} ${n(a.netBenefit).padStart(12)}`,
    ),
    '',
    `  exploration: ${n(p.exploration.contacts)} contacts chosen by a draw from the learned effects (share ${p.exploration.share})`,
    `  ${'effect (reduction of churn)'.padEnd(34)} ${'playbook'.padStart(9)} ${'learned'.padStart(16)} ${'treated'.padStart(8)} ${'control'.padStart(8)}`,
    ...p.effects.map(
      (e) =>
        `  ${e.action.padEnd(34)} ${pct(e.prior).padStart(9)} ${`${pct(e.learned)} ± ${pct(e.learnedSd)}`.padStart(16)} ${n(e.treated).padStart(8)} ${n(e.control).padStart(8)}` +
        (e.dimension ? `  by ${e.dimension}` : ''),
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
