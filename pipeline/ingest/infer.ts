// `churn ingest --infer FILE`: reads the head of a file with the ingest readers and proposes a starter
// mapping: the dialect, which column looks like which canonical field (English and Chinese names), the
// formats its values need (dates, ids written as decimals), order lines and cancellations, attribute
// declarations, and every column it could not place with the reason.
import type { Database } from '../db/database.ts';
import { columnsOf, type Kind } from '../vocabulary.ts';
import { proposeCustomers } from './infer-customers.ts';
import { proposeEvents } from './infer-events.ts';
import { leftOutReason, mapId, mapNumber, mapTime } from './infer-fields.ts';
import { Proposal, type Sheet, type Unplaced } from './infer-proposal.ts';
import type { Mapping } from './mapping-schema.ts';
import { openCsv, type Encoding } from './sources/csv-source.ts';
import { openWithDuckDb } from './sources/duckdb-source.ts';
import { formatFromExtension, type SourceFormat } from './sources/source.ts';

/** Rows read to judge the values: enough to see cancellations and empty ids, quick on any file. */
export const SAMPLE_ROWS = 2000;

export interface InferResult {
  mapping: Mapping;
  notes: string[];
  /** Source columns the mapping does not read, each with why. */
  unplaced: Unplaced[];
}

export async function inferMapping(
  _db: Database,
  file: string,
  kind: Kind,
  options: { format?: SourceFormat; encoding?: Encoding } = {},
): Promise<InferResult> {
  const format = options.format ?? formatFromExtension(file);
  const source =
    format === 'csv' ? await openCsv(file, { encoding: options.encoding }) : await openWithDuckDb(file, format);
  const rows: string[][] = [];
  for await (const r of source.records) {
    rows.push(r.fields.map((f) => f ?? ''));
    if (rows.length >= SAMPLE_ROWS) break;
  }
  await source.records.return(undefined);
  const sheet: Sheet = { columns: source.columns ?? [], rows };
  const dialect =
    format === 'csv'
      ? {
          csv: {
            delimiter: source.info.delimiter as never,
            header: true,
            ...(options.encoding ? { encoding: options.encoding } : {}),
          },
        }
      : { format };
  const p = new Proposal(sheet, { kind, ...dialect, fields: {} });
  if (format === 'csv' && looksLikeData(sheet.columns, rows)) {
    rows.unshift(sheet.columns);
    sheet.columns = sheet.columns.map((_, i) => `column${i + 1}`);
    p.mapping.csv = { ...p.mapping.csv, header: false, columns: sheet.columns };
    p.notes.push(
      'The first line looks like data, so the file is read without a header: name the columns in csv.columns.',
    );
  }
  if (kind === 'events') proposeEvents(p);
  else if (kind === 'customers') proposeCustomers(p);
  else proposeActions(p);
  const unplaced = p.unplaced((i) => leftOutReason(p, i));
  for (const u of unplaced) p.notes.push(`Not placed: ${u.column} (${u.reason}).`);
  return { mapping: p.mapping, notes: p.notes, unplaced };
}

function proposeActions(p: Proposal): void {
  for (const field of columnsOf('actions')) {
    const i = p.find(field);
    if (i === null) continue;
    if (field === 'ts') mapTime(p, field, i);
    else if (field === 'cost') mapNumber(p, field, i);
    else if (field === 'action_id' || field === 'customer_id') mapId(p, field, i);
    else p.setField(field, i);
  }
  if (!('action_id' in p.mapping.fields)) {
    p.mapping.idFrom = ['customer_id', 'ts', 'action'].filter((f) => f in p.mapping.fields);
    p.notes.push(`No action_id column: ids will be a hash of ${p.mapping.idFrom.join(', ')}.`);
  }
}

function looksLikeData(header: string[], sample: string[][]): boolean {
  // A header row has no numbers or dates; data rows usually do.
  const numeric = (v: string) => /^[-+]?\d[\d.,:/ -]*$/.test(v.trim());
  return header.some(numeric) && sample.length > 0;
}
