// churn status: what is in the database and what was last trained and scored.
import { existsSync } from 'node:fs';
import { missingStatus, statusOf, type Status } from '../../status.ts';
import type { CommandRun } from '../command.ts';
import { withDatabase } from '../with-database.ts';

export const run: CommandRun = async (ctx) => {
  // Read-only, so status works while another process is not writing, and never creates a file.
  const status = existsSync(ctx.dbPath) ? await withDatabase(ctx.dbPath, statusOf, true) : missingStatus(ctx.dbPath);
  return { json: status, text: describe(status) };
};

function describe(s: Status): string {
  if (!s.exists) return `database: ${s.db} (does not exist yet: run \`churn demo\` or \`churn ingest\`)`;
  const h = s.history;
  const lines = [
    `database:     ${s.db}`,
    `customers:    ${(h?.customers ?? 0).toLocaleString('en')}`,
    `events:       ${(h?.events ?? 0).toLocaleString('en')}${h?.firstEvent ? ` from ${h.firstEvent} to ${h.lastEvent} (default as-of ${h.defaultAsOf})` : ''}`,
    `tables:       ${Object.entries(s.tables).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`,
  ];
  if (s.eventTypes.length) {
    lines.push('history by event type:');
    for (const t of s.eventTypes) lines.push(`  ${t.type.padEnd(16)} ${t.events.toLocaleString('en').padStart(12)}  ${t.first} .. ${t.last}`);
  }
  if (s.recentLoads.length) {
    lines.push('recent loads:');
    for (const l of s.recentLoads) {
      lines.push(`  ${l.finishedAt}  ${l.kind.padEnd(9)} ${l.file}: ${l.rowsRead.toLocaleString('en')} read, ${l.inserted.toLocaleString('en')} inserted, ${l.alreadyPresent.toLocaleString('en')} present, ${l.rejected.toLocaleString('en')} rejected`);
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
    lines.push(`last plan:    ${s.lastPlan.asOf} (campaign ${s.lastPlan.campaign}): ${s.lastPlan.contacted.toLocaleString('en')} to contact, ${s.lastPlan.control.toLocaleString('en')} held out`);
  }
  return lines.join('\n');
}
