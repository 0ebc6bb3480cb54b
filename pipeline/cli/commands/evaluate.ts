// churn evaluate: the deep model next to the recency rule, logistic regression and BG/NBD on the same
// held-out customers (time or customer split).
import { evaluateStage, type EvaluationReport, type Split } from '../../evaluate/evaluate-stage.ts';
import { UsageError } from '../../errors.ts';
import { timed } from '../../log.ts';
import type { CommandRun } from '../command.ts';
import { dateOption, intOption, stringOption } from '../options.ts';
import { withDatabase } from '../with-database.ts';

export const run: CommandRun = (ctx, args) =>
  withDatabase(ctx.dbPath, async (db) => {
    const split = stringOption(args, 'split') ?? 'time';
    if (split !== 'time' && split !== 'customers') throw new UsageError(`--split: expected time or customers, got "${split}"`);
    const { value: report, seconds } = await timed(() =>
      evaluateStage(db, {
        asOf: dateOption(args, 'as-of'),
        horizonDays: intOption(args, 'horizon-days', 7, 730),
        valueHorizonDays: intOption(args, 'value-horizon-days', 7, 1825),
        split: split as Split,
        config: ctx.config,
        logger: ctx.logger,
      }),
    );
    return { json: report, text: formatReport(report, seconds) };
  });

export function formatReport(r: EvaluationReport, seconds?: number): string {
  const f = (v: number | null | undefined, d = 3) => (v === null || v === undefined || Number.isNaN(v) ? '-' : v.toFixed(d));
  const lines = [
    `evaluation at ${r.asOf} (${r.split} split, churn horizon ${r.horizonDays} d, value horizon ${r.valueHorizonDays} d): ` +
      `${r.customers.train} training rows, ${r.customers.valid} validation, ${r.customers.test} test customers`,
    `  model      AUC    PR-AUC  log loss  Brier   ECE    lift@10%   Gini   Spearman  dMAPE  predicted/actual`,
  ];
  for (const m of r.models) {
    const c = m.churn;
    const v = m.value;
    lines.push(
      `  ${m.name.padEnd(9)} ${f(c.auc)}  ${f(c.prAuc)}   ${f(c.logLoss).padEnd(6)}    ${f(c.brier)}   ${f(c.ece)}  ${f(c.liftTopDecile, 2).padStart(5)}     ` +
        (v ? `${f(v.gini)}  ${f(v.spearman)}     ${f(v.decileMape)}  ${(v.predictedTotal / v.actualTotal).toFixed(3)}` : ''),
    );
  }
  lines.push(`  deep: ${r.deep.epochs} epochs (best ${r.deep.bestEpoch}), ${r.deep.calibration.method} calibration; before calibration AUC ${f(r.deep.uncalibrated.auc)} ECE ${f(r.deep.uncalibrated.ece)}`);
  lines.push(`  most important inputs (ROC-AUC drop when shuffled): ${r.importance.slice(0, 6).map((i) => `${i.feature} ${f(i.aucDrop)}`).join(', ')}`);
  if (seconds !== undefined) lines.push(`  (${seconds.toFixed(1)} s)`);
  return lines.join('\n');
}
