// churn runs list|show ID: the retraining runs, read from their reports (works while a run holds the
// database).
import { UsageError } from '../../errors.ts';
import { artifactPaths } from '../../paths.ts';
import { listReports, readReport, type RunReport } from '../../retrain/run-report.ts';
import { checkDatabase } from '../check-paths.ts';
import type { CommandRun } from '../command.ts';
import type { RUNS } from '../commands.ts';

export const run: CommandRun<typeof RUNS> = async (ctx, args) => {
  const [sub, id] = args.positionals;
  // Run reports live beside the database: without it there are none, and a typo should say so.
  checkDatabase(ctx.dbPath, 'read');
  const dir = artifactPaths(ctx.dbPath).dir;
  if (sub === 'list') {
    const reports = listReports(dir);
    return {
      json: reports.map(summary),
      text: reports.length ? reports.map(line).join('\n') : 'no retraining runs yet (`churn retrain`)',
    };
  }
  if (sub === 'show') {
    const report = id === undefined ? listReports(dir)[0] : readReport(dir, id);
    if (!report) throw new UsageError('no retraining runs yet');
    return { json: report, text: show(report) };
  }
  throw new UsageError(`expected list or show, got "${sub}"`);
};

function summary(r: RunReport) {
  return {
    runId: r.runId,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    status: r.status,
    exitCode: r.exitCode,
    asOf: r.asOf,
    decision: r.decision?.decision ?? null,
    champion: r.champion,
    warnings: r.warnings.length,
  };
}

function line(r: RunReport): string {
  const took = r.endedAt ? `${((Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000).toFixed(0)} s` : '-';
  return [
    r.runId,
    r.status.padEnd(9),
    (r.asOf ?? '-').padEnd(10),
    (r.decision?.decision ?? '-').padEnd(8),
    (r.champion ?? '-').padEnd(26),
    took.padStart(6),
    r.warnings.length ? `${r.warnings.length} warnings` : '',
  ]
    .join('  ')
    .trimEnd();
}

function show(r: RunReport): string {
  const lines = [
    `run:       ${r.runId} (pid ${r.pid} on ${r.host})`,
    `status:    ${r.status}${r.exitCode === null ? '' : ` (exit ${r.exitCode})`}${r.error ? `: ${r.error}` : ''}`,
    `started:   ${r.startedAt}${r.endedAt ? `, ended ${r.endedAt}` : ''}`,
    `as-of:     ${r.asOf ?? '-'}`,
    'stages:',
    ...r.stages.map((s) =>
      `  ${s.name.padEnd(9)} ${s.status.padEnd(7)} ${s.seconds === null ? '' : `${s.seconds.toFixed(2)} s`.padStart(9)}  ${s.summary ?? ''}`.trimEnd(),
    ),
  ];
  for (const f of r.inbox)
    lines.push(
      `inbox:     ${f.file} ${f.ok ? `${f.inserted} inserted, ${f.rejected} rejected` : `failed: ${f.error}`} -> ${f.movedTo}`,
    );
  if (r.decision) {
    lines.push(
      `decision:  ${r.decision.decision} (window ${r.decision.window.cutoff} .. ${r.decision.window.labelsUntil}, ${r.decision.window.customers} customers)`,
    );
    for (const reason of r.decision.reasons) lines.push(`           ${reason}`);
  }
  lines.push(`champion:  ${r.champion ?? '-'}`);
  if (r.drift)
    lines.push(
      `drift:     vs ${r.drift.reference}: ${r.drift.warnings.length ? r.drift.warnings.join('; ') : 'nothing above warning level'}`,
    );
  for (const p of r.realised)
    lines.push(
      `realised:  scores of ${p.asOf} (${p.modelId}): AUC ${p.auc.toFixed(3)}, ECE ${p.ece.toFixed(3)}, churn ${(p.actualRate * 100).toFixed(1)}% vs predicted ${(p.predictedRate * 100).toFixed(1)}%`,
    );
  for (const a of r.warnings) lines.push(`alert:     ${a}`);
  if (r.release) lines.push(`release:   ${r.release}`);
  return lines.join('\n');
}
