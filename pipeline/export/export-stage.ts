// Export stage: the at-risk list with its plan, for retention teams. CSV (Excel-safe: formulas
// neutralised, optional BOM), xlsx (typed columns), Parquet or JSON; headers and labels in English
// or Simplified Chinese. Every export is recorded in the `exports` table with the file's SHA-256.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import type { Database, Params } from '../db/database.ts';
import { readSql } from '../db/database.ts';
import { UTF8_BOM } from '../csv.ts';
import { writeAtomically } from '../atomic-write.ts';
import { systemClock, type Clock } from '../clock.ts';
import { UsageError, UserError } from '../errors.ts';
import type { Playbook } from '../plan/playbook-schema.ts';
import { latestScoredDate } from '../score/latest-scored.ts';
import {
  label,
  LIFECYCLE_LABELS,
  RISK_TIER_LABELS,
  RISK_TIERS,
  SEGMENT_LABELS,
  VALUE_TIER_LABELS,
  type Locale,
  type RiskTier,
} from '../vocabulary.ts';
import { attributeDeclarations } from '../db/declarations.ts';
import { attributeKey, exportColumns, type ExportColumn, type ExportRow } from './columns.ts';
import { csvLine } from './csv.ts';
import { writeXlsx } from './xlsx.ts';

export type ExportFormat = 'csv' | 'xlsx' | 'parquet' | 'json';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx', 'parquet', 'json'];

export interface ExportFilters {
  tiers: RiskTier[];
  segments?: string[];
  actions?: string[];
  channels?: string[];
  limit?: number;
}

export interface ExportOptions extends ExportFilters {
  out: string;
  format?: ExportFormat;
  /** Scores of this as-of date; default: the latest scored date. */
  asOf?: string;
  locale?: Locale;
  bom?: boolean;
  playbook: Playbook;
  /** Stamps the export's row in `exports`. */
  now?: Clock;
}

export interface ExportResult {
  exportId: string;
  out: string;
  format: ExportFormat;
  asOf: string;
  rows: number;
  valueAtRisk: number;
  sha256: string;
}

function formatFromPath(out: string, format?: string): ExportFormat {
  const ext = out.toLowerCase().split('.').pop() ?? '';
  const chosen = format ?? ((EXPORT_FORMATS as readonly string[]).includes(ext) ? ext : 'csv');
  if (!(EXPORT_FORMATS as readonly string[]).includes(chosen)) {
    throw new UsageError(`--format must be ${EXPORT_FORMATS.join(', ')}; got "${chosen}"`);
  }
  return chosen as ExportFormat;
}

export async function exportStage(db: Database, options: ExportOptions): Promise<ExportResult> {
  const format = formatFromPath(options.out, options.format);
  const asOf = options.asOf ?? (await latestScoredDate(db));
  const locale = options.locale ?? 'en';
  const [planned] = await db.all<{ n: number }>('SELECT count(*) AS n FROM plan WHERE as_of = CAST($as_of AS DATE)', {
    as_of: asOf,
  });
  if (planned.n === 0)
    throw new UserError(`no plan for the scores of ${asOf}: run \`churn plan --as-of ${asOf}\` first`);
  const attributes = await attributeDeclarations(db);
  const [{ level }] = await db.all<{ level: number | null }>(
    'SELECT max(interval_level) AS level FROM scores WHERE as_of = CAST($as_of AS DATE)',
    { as_of: asOf },
    'scores (interval level)',
  );
  const columns = exportColumns(attributes, level ?? undefined);
  const rows = await exportRows(db, asOf, options, locale);
  const declared = attributes.filter((a) => !a.builtIn).map((a) => a.name);
  // customer_attributes is read only when something is declared: an older database may lack the table.
  const held = declared.length ? await addAttributes(db, asOf, rows, declared) : new Set<string>();
  for (const key of await heldCustomerColumns(db, asOf)) held.add(key);
  const shown = columns.filter((c) => !optional(c.key) || held.has(c.key));

  const out = resolve(options.out);
  await mkdir(dirname(out), { recursive: true });
  await writeAtomically(out, async (partial) => {
    if (format === 'csv') await writeCsv(partial, shown, rows, locale, options.bom ?? false);
    else if (format === 'json') await writeJson(partial, shown, rows);
    else if (format === 'xlsx') await writeXlsx(partial, shown, rows, locale, asOf);
    else await writeParquet(db, partial, shown, rows);
  });
  const sha256 = await fileSha256(out);
  const exportId = `x-${asOf}-${sha256.slice(0, 12)}`;
  const filters = {
    tiers: options.tiers,
    segments: options.segments ?? [],
    actions: options.actions ?? [],
    channels: options.channels ?? [],
    limit: options.limit ?? null,
    locale,
  };
  await db.run('DELETE FROM exports WHERE export_id = $id', { id: exportId });
  await db.run(
    `INSERT INTO exports VALUES ($id, CAST($now AS TIMESTAMP), $file, $format, CAST($as_of AS DATE), $model, $filters, $rows, $sha)`,
    {
      id: exportId,
      now: (options.now ?? systemClock)().toISOString(),
      file: out,
      format,
      as_of: asOf,
      model: (rows[0]?.model_id as string) ?? null,
      filters: JSON.stringify(filters),
      rows: rows.length,
      sha: sha256,
    },
    'exports (insert)',
  );
  const valueAtRisk = rows.reduce((s, r) => s + (r.value_at_risk as number), 0);
  return { exportId, out, format, asOf, rows: rows.length, valueAtRisk: Math.round(valueAtRisk * 100) / 100, sha256 };
}

async function exportRows(db: Database, asOf: string, f: ExportOptions, locale: Locale): Promise<ExportRow[]> {
  const params: Params = {
    as_of: asOf,
    tiers: f.tiers,
    segments: f.segments ?? [],
    actions: f.actions ?? [],
    channels: f.channels ?? [],
    limit: f.limit ?? 2 ** 31 - 1,
  };
  const data = await db.all(readSql(import.meta.url, 'at-risk.sql'), params, 'at-risk.sql');
  const actions = new Map(f.playbook.actions.map((a) => [a.code, a.label[locale]]));
  const channels = f.playbook.channels as Record<string, { label: Record<Locale, string> } | undefined>;
  return data.map((r) => {
    const reasons = JSON.parse(r.reason_labels as string) as Record<string, string>[];
    const reason = (i: number) => reasons[i]?.[locale] ?? reasons[i]?.en ?? null;
    const action = r.action as string | null;
    const channel = r.channel as string | null;
    return {
      customer_id: r.customer_id as string,
      name: r.name as string | null,
      email: r.email as string | null,
      phone: r.phone as string | null,
      region: r.region as string | null,
      plan: r.plan as string | null,
      segment: label(SEGMENT_LABELS, r.segment as string, locale),
      lifecycle: label(LIFECYCLE_LABELS, r.lifecycle as string, locale),
      value_tier: label(VALUE_TIER_LABELS, r.value_tier as string, locale),
      churn_prob: round(r.churn_prob as number, 4),
      churn_prob_low: r.churn_low === null ? null : round(r.churn_low as number, 4),
      churn_prob_high: r.churn_high === null ? null : round(r.churn_high as number, 4),
      risk_tier: label(RISK_TIER_LABELS, r.risk_tier as string, locale),
      predicted_clv: round(r.predicted_value as number, 2),
      predicted_clv_low: r.value_low === null ? null : round(r.value_low as number, 2),
      predicted_clv_high: r.value_high === null ? null : round(r.value_high as number, 2),
      value_at_risk: round(r.value_at_risk as number, 2),
      next_purchase: r.next_purchase as string | null,
      p_purchase_30: r.p_purchase_30 === null ? null : round(r.p_purchase_30 as number, 4),
      reason_1: reason(0),
      reason_2: reason(1),
      reason_3: reason(2),
      action,
      action_label: action === null ? null : (actions.get(action) ?? action),
      channel: channel === null ? null : (channels[channel]?.label[locale] ?? channel),
      priority: r.priority as number | null,
      due_date: r.due_date as string | null,
      control: r.control as boolean,
      as_of: r.as_of as string,
      model_id: r.model_id as string,
    };
  });
}

/** The customer columns left out where no scored customer has a value: contact fields, region, plan (held-columns.sql). */
const CUSTOMER_KEYS = ['name', 'email', 'phone', 'region', 'plan'] as const;

/** Whether an export drops a column when no scored customer has a value in it: customer fields and attributes. */
const optional = (key: string) =>
  (CUSTOMER_KEYS as readonly string[]).includes(key) || key.startsWith(attributeKey(''));

async function heldCustomerColumns(db: Database, asOf: string): Promise<string[]> {
  const [row] = await db.all<Record<(typeof CUSTOMER_KEYS)[number], boolean>>(
    readSql(import.meta.url, 'held-columns.sql'),
    { as_of: asOf },
    'held-columns.sql',
  );
  return CUSTOMER_KEYS.filter((key) => row?.[key]);
}

/**
 * Each row's declared attributes (customer_attributes), under their column keys: text for categorical,
 * numbers for numeric, null where the customer has none. Returns the keys of those any scored customer has.
 */
async function addAttributes(db: Database, asOf: string, rows: ExportRow[], names: string[]): Promise<Set<string>> {
  const values = await db.all<{ customer_id: string; name: string; value: string | null; number: number | null }>(
    readSql(import.meta.url, 'attributes.sql'),
    { as_of: asOf },
    'attributes.sql',
  );
  const byCustomer = new Map<string, Map<string, string | number | null>>();
  for (const v of values) {
    const own = byCustomer.get(v.customer_id) ?? new Map();
    own.set(v.name, v.number ?? v.value);
    byCustomer.set(v.customer_id, own);
  }
  for (const row of rows) {
    const own = byCustomer.get(row.customer_id as string);
    for (const name of names) row[attributeKey(name)] = own?.get(name) ?? null;
  }
  return new Set(
    values.filter((v) => (v.number ?? v.value) !== null && v.value !== '').map((v) => attributeKey(v.name)),
  );
}

async function writeCsv(
  path: string,
  columns: readonly ExportColumn[],
  rows: ExportRow[],
  locale: Locale,
  bom: boolean,
): Promise<void> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  const write = async (chunk: string) => {
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
  await write((bom ? UTF8_BOM : '') + csvLine(columns.map((c) => c.header[locale])));
  for (const row of rows)
    await write(csvLine(columns.map((c) => (c.type === 'boolean' ? (row[c.key] ? 'true' : 'false') : row[c.key]))));
  stream.end();
  await once(stream, 'finish');
}

async function writeJson(path: string, columns: readonly ExportColumn[], rows: ExportRow[]): Promise<void> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  stream.write('[\n');
  // Keys in column order, the declared attributes after plan as in the other formats.
  const ordered = (row: ExportRow) => Object.fromEntries(columns.map((c) => [c.key, row[c.key] ?? null]));
  rows.forEach((row, i) => stream.write(`  ${JSON.stringify(ordered(row))}${i + 1 < rows.length ? ',' : ''}\n`));
  stream.end(']\n');
  await once(stream, 'finish');
}

async function writeParquet(
  db: Database,
  path: string,
  columns: readonly ExportColumn[],
  rows: ExportRow[],
): Promise<void> {
  const types: Record<string, string> = {
    number: 'DOUBLE',
    percent: 'DOUBLE',
    money: 'DOUBLE',
    integer: 'INTEGER',
    date: 'DATE',
    boolean: 'BOOLEAN',
    text: 'VARCHAR',
  };
  await db.run(`CREATE OR REPLACE TEMP TABLE _export (${columns.map((c) => `${c.key} ${types[c.type]}`).join(', ')})`);
  try {
    const appender = await db.appender('_export');
    for (const row of rows) {
      for (const c of columns) {
        const v = row[c.key];
        if (v === null || v === undefined) appender.appendNull();
        else if (c.type === 'boolean') appender.appendBoolean(v as boolean);
        else if (c.type === 'integer') appender.appendInteger(v as number);
        else if (c.type === 'text' || c.type === 'date') appender.appendVarchar(String(v));
        else appender.appendDouble(v as number);
      }
      appender.endRow();
    }
    appender.closeSync();
    await db.run('COPY _export TO $out (FORMAT parquet, COMPRESSION zstd)', { out: path }, 'export (parquet)');
  } finally {
    await db.run('DROP TABLE IF EXISTS _export');
  }
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** The stage's one-line summary, for the files one run wrote. */
export function exportLine(exports: ExportResult[]): string {
  return `${exports[0].rows.toLocaleString('en')} at-risk customers -> ${exports.map((x) => x.out).join(', ')}`;
}
