// Export stage: the at-risk list as CSV (for Excel: BOM, neutralised formulas) or Parquet.
import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { once } from 'node:events';
import type { Database, Params } from '../db/database.ts';
import { readSql } from '../db/database.ts';
import { UsageError, UserError } from '../errors.ts';
import { ACTION_RULES, type RiskTier } from '../score/actions.ts';
import { csvLine, UTF8_BOM } from './csv.ts';

export type ExportFormat = 'csv' | 'parquet';

export interface ExportOptions {
  out: string;
  format?: ExportFormat;
  tiers: RiskTier[];
  /** Scores of this as-of date; default: the latest scored date. */
  asOf?: string;
}

export interface ExportResult {
  out: string;
  format: ExportFormat;
  asOf: string;
  rows: number;
  valueAtRisk: number;
}

export const EXPORT_COLUMNS = [
  'customer_id', 'name', 'email', 'phone', 'region', 'plan', 'risk_tier', 'churn_prob', 'value_tier',
  'predicted_value', 'value_at_risk', 'action', 'action_label', 'days_since_last_purchase', 'reasons',
  'as_of', 'model_id',
] as const;

const actionLabels = new Map(ACTION_RULES.map((rule) => [rule.code, rule.label.en]));

export function formatFromPath(out: string, format?: string): ExportFormat {
  const chosen = format ?? (out.toLowerCase().endsWith('.parquet') ? 'parquet' : 'csv');
  if (chosen !== 'csv' && chosen !== 'parquet') throw new UsageError(`--format must be csv or parquet, got "${chosen}"`);
  return chosen;
}

export async function exportStage(db: Database, options: ExportOptions): Promise<ExportResult> {
  const format = formatFromPath(options.out, options.format);
  const asOf = options.asOf ?? (await latestScoredDate(db));
  const out = resolve(options.out);
  await mkdir(dirname(out), { recursive: true });
  // Written beside the target and renamed into place: a reader never sees half a file.
  const partial = `${out}.partial-${process.pid}`;
  const params: Params = { as_of: asOf, tiers: options.tiers };
  const query = readSql(import.meta.url, 'export.sql');
  let rows: number;
  let valueAtRisk: number;
  if (format === 'parquet') {
    await db.run(
      `COPY (SELECT * EXCLUDE (reason_labels) FROM (${query})) TO $out (FORMAT parquet, COMPRESSION zstd)`,
      { ...params, out: partial },
      'export.sql (parquet)',
    );
    const [summary] = await db.all<{ n: number; v: number }>(
      `SELECT count(*) AS n, coalesce(sum(value_at_risk), 0) AS v FROM (${query})`,
      params,
      'export.sql (count)',
    );
    rows = summary.n;
    valueAtRisk = summary.v;
  } else {
    ({ rows, valueAtRisk } = await writeCsv(db, query, params, partial));
  }
  await rename(partial, out);
  return { out, format, asOf, rows, valueAtRisk: Math.round(valueAtRisk * 100) / 100 };
}

async function writeCsv(db: Database, query: string, params: Params, path: string) {
  const data = await db.all(query, params, 'export.sql');
  const stream = createWriteStream(path, { encoding: 'utf8' });
  const write = async (chunk: string) => {
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
  await write(UTF8_BOM + csvLine(EXPORT_COLUMNS));
  let valueAtRisk = 0;
  for (const row of data) {
    valueAtRisk += row.value_at_risk as number;
    const reasons = JSON.parse(row.reason_labels as string) as { en: string }[];
    await write(
      csvLine(
        EXPORT_COLUMNS.map((column) =>
          column === 'action_label'
            ? actionLabels.get(row.action as string) ?? row.action
            : column === 'reasons'
              ? reasons.map((r) => r.en).join('; ')
              : row[column],
        ),
      ),
    );
  }
  stream.end();
  await once(stream, 'finish');
  return { rows: data.length, valueAtRisk };
}

export async function latestScoredDate(db: Database): Promise<string> {
  const [row] = await db.all<{ d: string | null }>("SELECT strftime(max(as_of), '%Y-%m-%d') AS d FROM scores");
  if (row.d === null) throw new UserError('no scores yet: run `churn score` first');
  return row.d;
}

export function parseTiers(value: string): RiskTier[] {
  const tiers = value.split(',').map((t) => t.trim()).filter(Boolean);
  for (const t of tiers) {
    if (t !== 'high' && t !== 'medium' && t !== 'low') throw new UsageError(`--tier: expected high, medium or low, got "${t}"`);
  }
  if (tiers.length === 0) throw new UsageError('--tier: expected a comma-separated list of high, medium, low');
  return tiers as RiskTier[];
}
