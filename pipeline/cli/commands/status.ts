// churn status: what is in the database and what was last trained and scored.
import { existsSync } from 'node:fs';
import { systemClock } from '../../clock.ts';
import { isDatabaseLocked } from '../../db/database.ts';
import { retrainStatus, type RetrainStatus } from '../../retrain/retrain-status.ts';
import { missingStatus, statusOf, type Status } from '../../run/status.ts';
import type { CommandRun } from '../command.ts';
import type { STATUS } from '../commands.ts';
import { withDatabase } from '../with-database.ts';

export const run: CommandRun<typeof STATUS> = async (ctx) => {
  const now = systemClock;
  const retrain = retrainStatus(ctx.dbPath, ctx.config.retrain.scheduleDays, now);
  // Read-only, so status works while another process is not writing, and never creates a file.
  let status: Status;
  let busy = false;
  try {
    status = existsSync(ctx.dbPath) ? await withDatabase(ctx, statusOf, true) : missingStatus(ctx.dbPath);
  } catch (error) {
    // A run holding the database: what the files say is still worth showing.
    if (!isDatabaseLocked(error)) throw error;
    busy = true;
    status = missingStatus(ctx.dbPath);
  }
  const freshness = status.history?.lastEvent
    ? {
        lastEvent: status.history.lastEvent,
        daysOld: Math.floor((now().getTime() - Date.parse(`${status.history.lastEvent}T00:00:00Z`)) / 86_400_000),
      }
    : null;
  return {
    json: { ...status, busy, freshness, retrain },
    text: [
      busy
        ? `database:     ${ctx.dbPath} (in use by another process${retrain.inProgress ? `: run ${retrain.inProgress.runId}, pid ${retrain.inProgress.pid}` : ''})`
        : describe(status),
      ...describeRetrain(retrain, freshness),
    ].join('\n'),
  };
};

function describeRetrain(r: RetrainStatus, freshness: { lastEvent: string; daysOld: number } | null): string[] {
  const lines: string[] = [];
  if (freshness) lines.push(`data:         last event ${freshness.lastEvent} (${freshness.daysOld} days ago)`);
  if (r.inProgress) {
    const h = r.inProgress;
    lines.push(
      `retraining:   ${h.stale ? 'stale lock of' : 'in progress:'} run ${h.runId} (pid ${h.pid} on ${h.host}, started ${h.startedAt})${h.stale ? '; the next run takes it over' : ''}`,
    );
  }
  if (r.lastRun) {
    const l = r.lastRun;
    lines.push(
      `last run:     ${l.runId} ${l.status}${l.exitCode === null ? '' : ` (exit ${l.exitCode})`}, as-of ${l.asOf ?? '-'}${l.decision ? `, ${l.decision}` : ''}${l.error ? `: ${l.error}` : ''}`,
    );
  } else {
    lines.push('last run:     none (`churn retrain`)');
  }
  if (r.lastSuccess && r.lastSuccess.runId !== r.lastRun?.runId)
    lines.push(`last success: ${r.lastSuccess.runId} (as-of ${r.lastSuccess.asOf})`);
  if (r.champion)
    lines.push(
      `champion:     ${r.champion.modelId} (as-of ${r.champion.asOf || '?'}, champion for ${r.champion.ageDays} days)`,
    );
  if (r.published) lines.push(`published:    ${r.published}`);
  for (const w of r.warnings) lines.push(`warning:      ${w}`);
  if (r.nextDue) lines.push(`next run due: ${r.nextDue.date}${r.nextDue.overdue ? ' (overdue)' : ''}`);
  return lines;
}

function describe(s: Status): string {
  if (!s.exists) return `database: ${s.db} (does not exist yet: run \`churn demo\` or \`churn ingest\`)`;
  const h = s.history;
  const lines = [
    `database:     ${s.db}`,
    `customers:    ${(h?.customers ?? 0).toLocaleString('en')}`,
    `events:       ${(h?.events ?? 0).toLocaleString('en')}${h?.firstEvent ? ` from ${h.firstEvent} to ${h.lastEvent} (default as-of ${h.defaultAsOf})` : ''}`,
    `tables:       ${Object.entries(s.tables)
      .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
      .join(', ')}`,
  ];
  if (s.eventTypes.length) {
    lines.push('history by event type:');
    for (const t of s.eventTypes)
      lines.push(`  ${t.type.padEnd(16)} ${t.events.toLocaleString('en').padStart(12)}  ${t.first} .. ${t.last}`);
  }
  if (s.attributes.length) {
    lines.push('declared attributes:');
    for (const a of s.attributes)
      lines.push(
        `  ${a.name.padEnd(16)} ${a.kind.padEnd(12)} ${a.customers.toLocaleString('en')} customers with a value`,
      );
  }
  if (s.recentLoads.length) {
    lines.push('recent loads:');
    for (const l of s.recentLoads) {
      lines.push(
        `  ${l.finishedAt}  ${l.kind.padEnd(9)} ${l.file}: ${l.rowsRead.toLocaleString('en')} read, ${l.inserted.toLocaleString('en')} inserted, ${l.alreadyPresent.toLocaleString('en')} present, ${l.rejected.toLocaleString('en')} rejected`,
      );
    }
  }
  if (s.lastModel) {
    const m = s.lastModel.metrics as { auc?: number; prAuc?: number; brier?: number; recencyAuc?: number };
    lines.push(
      `last model:   ${s.lastModel.modelId} (trained ${s.lastModel.createdAt}, as-of ${s.lastModel.asOf}, ${s.lastModel.backend})`,
      `  validation: AUC ${m.auc?.toFixed(3)}, PR-AUC ${m.prAuc?.toFixed(3)}, Brier ${m.brier?.toFixed(3)}, recency rule AUC ${m.recencyAuc?.toFixed(3)}`,
    );
  } else {
    lines.push('last model:   none (run `churn train`)');
  }
  lines.push(
    s.lastScoring
      ? `last scoring: ${s.lastScoring.asOf} with ${s.lastScoring.modelId} (${s.lastScoring.customers.toLocaleString('en')} customers)`
      : 'last scoring: none (run `churn score`)',
  );
  if (s.lastPlan) {
    lines.push(
      `last plan:    ${s.lastPlan.asOf} (campaign ${s.lastPlan.campaign}): ${s.lastPlan.contacted.toLocaleString('en')} to contact, ${s.lastPlan.control.toLocaleString('en')} held out`,
    );
  }
  return lines.join('\n');
}
