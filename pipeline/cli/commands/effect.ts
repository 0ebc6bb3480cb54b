// churn effect: retention and revenue after each action, treated vs control, with 95% intervals.
import { effectReport } from '../../plan/effect.ts';
import type { CommandRun } from '../command.ts';
import type { EFFECT } from '../commands.ts';
import { withDatabase } from '../with-database.ts';

export const run: CommandRun<typeof EFFECT> = (ctx, args) =>
  withDatabase(
    ctx,
    async (db) => {
      const report = await effectReport(db, {
        horizonDays: args.options.horizonDays ?? ctx.config.horizonDays,
        campaign: args.options.campaign,
      });
      const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
      const lines = [
        `effect of retention actions, ${report.horizonDays}-day follow-up (history to ${report.observedUntil ?? 'none'}):`,
      ];
      if (report.actions.length === 0)
        lines.push('  no actions with a complete follow-up window: ingest actions with `churn ingest --kind actions`');
      for (const a of report.actions) {
        const r = a.retentionLift;
        lines.push(
          `  ${a.action.padEnd(24)} treated ${a.treated.n} retained ${pct(a.treated.retention)}, control ${a.control.n} retained ${pct(a.control.retention)}` +
            (r ? `; lift ${pct(r.estimate)} [${pct(r.low)}, ${pct(r.high)}]` : '; no control group') +
            (a.revenueLift
              ? `; revenue lift ${a.revenueLift.estimate.toFixed(2)} [${a.revenueLift.low.toFixed(2)}, ${a.revenueLift.high.toFixed(2)}]`
              : '') +
            (a.treated.contactRate !== null ? `; reached ${pct(a.treated.contactRate)}` : '') +
            (a.treated.acceptRate !== null ? `, accepted ${pct(a.treated.acceptRate)}` : '') +
            (a.inconclusive ? '  (not distinguishable from zero)' : ''),
        );
      }
      if (report.pending)
        lines.push(`  ${report.pending} actions still inside their follow-up window (not counted yet)`);
      return { json: report, text: lines.join('\n') };
    },
    true,
  );
