// churn evaluate: what `churn train` would ship, and every candidate beside it, on the same held-out
// customers (time or customer split), at one as-of date or a backtest of several.
import { evaluateStage, type EvaluationReport } from '../../evaluate/evaluate-stage.ts';
import { saveEvaluation } from '../../evaluate/saved-evaluations.ts';
import { timed } from '../../timer.ts';
import type { CommandRun } from '../command.ts';
import type { EVALUATE } from '../commands.ts';
import { withDatabase } from '../with-database.ts';

export const run: CommandRun<typeof EVALUATE> = (ctx, args) =>
  withDatabase(
    ctx,
    async (db) => {
      const { asOf, horizonDays, valueHorizonDays, split, backtest, splitFile, without } = args.options;
      const { value: report, seconds } = await timed(() =>
        evaluateStage(db, {
          asOf,
          horizonDays,
          valueHorizonDays,
          split,
          backtest,
          splitFile,
          without,
          config: ctx.config,
          logger: ctx.logger,
        }),
      );
      // Kept beside the database so the report's Model page can show the held-out numbers and the backtest.
      const saved = saveEvaluation(db.path, report);
      ctx.logger.info(`evaluation saved to ${saved}`);
      return { json: report, text: formatReport(report, seconds) };
    },
    'write',
  );

/** The text output (exported for its test). */
export function formatReport(r: EvaluationReport, seconds?: number): string {
  const f = (v: number | null | undefined, d = 3) =>
    v === null || v === undefined || Number.isNaN(v) ? '-' : v.toFixed(d);
  const lines = [
    `evaluation at ${r.asOf} (${r.split} split, churn horizon ${r.horizonDays} d, value horizon ${r.valueHorizonDays} d` +
      `${r.fitValueHorizonDays !== r.valueHorizonDays ? `, value models fitted on ${r.fitValueHorizonDays}-day spend` : ''}): ` +
      `${r.customers.train} training rows, ${r.customers.valid} validation, ${r.customers.test} test customers`,
    `  churn: ${r.churnDefinition}${r.btydBaseline ? `; BG/NBD churn baseline ${r.btydBaseline}` : ''}`,
    ...(r.voice ? [`  feedback text: ${voiceLine(r)}`] : []),
    `  shipped: churn from ${r.shipped.churn}, value from ${r.shipped.value} (chosen on the validation window; held-out metrics below)`,
    `  model      AUC    PR-AUC  log loss  Brier   ECE    lift@10%   Gini   Spearman  dMAPE  predicted/actual`,
  ];
  for (const m of r.models) {
    const c = m.churn;
    const v = m.value;
    lines.push(
      `  ${m.name.padEnd(9)} ` +
        (c
          ? `${f(c.auc)}  ${f(c.prAuc)}   ${f(c.logLoss).padEnd(6)}    ${f(c.brier)}   ${f(c.ece)}  ${f(c.liftTopDecile, 2).padStart(5)}     `
          : ' '.repeat(58)) +
        (v
          ? `${f(v.gini)}  ${f(v.spearman)}     ${f(v.decileMape)}  ${(v.predictedTotal / v.actualTotal).toFixed(3)}`
          : ''),
    );
  }
  lines.push(`  network: ${r.network.epochs} epochs (best ${r.network.bestEpoch}) [${r.network.backend}]`);
  lines.push(
    `  most important network inputs (ROC-AUC drop when shuffled): ${r.importance
      .slice(0, 6)
      .map((i) => `${i.feature} ${f(i.aucDrop)}`)
      .join(', ')}`,
  );
  lines.push(...intervalLines(r), ...nextPurchaseLines(r));
  if (r.backtest) {
    const runs = r.backtest.splits
      ? `${r.backtest.splits.length} customer splits at ${r.asOf}`
      : r.backtest.dates.join(', ');
    lines.push(`  backtest over ${runs} (held-out AUC and Gini: mean ± sd)`);
    for (const [name, m] of Object.entries(r.backtest.models)) {
      lines.push(`    ${name.padEnd(9)} AUC ${f(m.aucMean)} ± ${f(m.aucSd)}   Gini ${f(m.giniMean)} ± ${f(m.giniSd)}`);
    }
    lines.push(`    shipped per run: ${r.backtest.shipped.map((s) => `${s.churn}/${s.value}`).join(', ')}`);
  }
  if (seconds !== undefined) lines.push(`  (${seconds.toFixed(1)} s)`);
  return lines.join('\n');
}

/** How feedback text was read, and whether the models saw it. */
function voiceLine(r: EvaluationReport): string {
  const v = r.voice!;
  const h = v.holdout;
  const quality = h
    ? ` (held-out sentiment AUC ${h.auc.toFixed(3)}, lexicon ${h.lexiconAuc.toFixed(3)}, n ${h.n})`
    : '';
  const use = r.without === 'text' ? '; left out of the models (--without text)' : '';
  return `sentiment from the ${v.source === 'model' ? "company's own model" : 'lexicon'}${quality}: ${v.reason}${use}`;
}

const pct = (v: number | null | undefined) =>
  v === null || v === undefined || Number.isNaN(v) ? '-' : `${(v * 100).toFixed(1)}%`;

const levelText = (level: number) => `${Number((level * 100).toPrecision(4))}%`;

/** The value intervals' held-out coverage per model, and the churn interval's width. */
function intervalLines(r: EvaluationReport): string[] {
  const iv = r.intervals;
  if (!iv) return [];
  return [
    `  ${levelText(iv.level)} intervals of value on the test customers (${pct(iv.zeroShare)} spent nothing): ` +
      iv.value.map((v) => `${v.name} covers ${pct(v.coverage)}, mean width ${v.meanWidth.toFixed(1)}`).join('; '),
    `    churn probability: mean width ${iv.churn.meanWidth.toFixed(3)} (${iv.churn.method})`,
  ];
}

/** The next purchase (BG/NBD and what scoring ships, its learned correction) against the usual-gap baseline. */
function nextPurchaseLines(r: EvaluationReport): string[] {
  const np = r.nextPurchase;
  if (!np) return [];
  if ('skipped' in np) return [`  next purchase: not evaluated (${np.skipped})`];
  const ece = (e: { within7: number | null; within30: number | null }) =>
    `${e.within7?.toFixed(3) ?? '-'} / ${e.within30?.toFixed(3) ?? '-'}`;
  const dates = (s: typeof np.raw) =>
    `median absolute error ${s.dates.medianAbsError ?? '-'} days (ratio ${s.dates.ratio?.toFixed(2) ?? '-'}), ` +
    `${levelText(np.level)} interval covers ${pct(s.intervalCoverage)}, ECE of P(within 7 / 30 days) ${ece(s.ece)}`;
  return [
    `  next purchase (${np.asOf} to ${np.holdoutEnd}, ${np.raw.buyers.toLocaleString('en')} of ` +
      `${np.raw.customers.toLocaleString('en')} customers bought; the usual gap errs by ${np.raw.dates.baselineMedianAbsError ?? '-'} days):`,
    `    BG/NBD:  ${dates(np.raw)}`,
    np.learned
      ? `    shipped: ${dates(np.shipped)} (corrected with cutoffs ${np.learned.cutoffs.join(', ')})`
      : `    shipped: BG/NBD's own (no correction could be fitted before ${np.asOf})`,
  ];
}
