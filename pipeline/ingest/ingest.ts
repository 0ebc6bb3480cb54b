// Ingest stage: one file -> mapped, validated rows in a temp table -> set-based checks -> one
// transaction that inserts new rows, updates changed customers, stores rejects and logs the load.
// Rows read = inserted + already present + rejected, always. A killed process leaves the database as
// it was (temp tables and an uncommitted transaction vanish with the connection).
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { DuckDBAppender } from '@duckdb/node-api';
import type { Database } from '../db/database.ts';
import { readNamedSql } from '../db/named-sql.ts';
import { InputError, UserError } from '../errors.ts';
import { addToEventLinks, eventLinksCurrent } from '../features/event-links.ts';
import { silentLogger, type Logger } from '../log.ts';
import { columnsOf, KINDS, type ActionRow, type CanonicalRow, type CustomerRow, type EventRow, type Kind } from './canonical-schema.ts';
import { identityMapping } from './mapping.ts';
import type { Mapping } from './mapping-schema.ts';
import type { RejectReason } from './reasons.ts';
import { writeRejectsCsv, REJECT_COLUMNS } from './rejects-csv.ts';
import { createRowMapper } from './row-mapper.ts';
import { openCsv, type Encoding } from './sources/csv-source.ts';
import { openWithDuckDb } from './sources/duckdb-source.ts';
import { formatFromExtension, type Source, type SourceFormat } from './sources/source.ts';

export interface IngestOptions {
  kind: Kind;
  /** Null: the identity mapping (the file is in the canonical format). */
  mapping: Mapping | null;
  format?: SourceFormat;
  encoding?: Encoding;
  dryRun?: boolean;
  rejectsOut?: string;
  missingCustomers?: 'reject' | 'create';
  /** Timestamps later than now + tolerance are rejected. */
  futureToleranceHours: number;
  now?: number;
  logger?: Logger;
}

export interface IngestResult {
  file: string;
  kind: Kind;
  format: SourceFormat;
  loadId: string | null;
  dryRun: boolean;
  rowsRead: number;
  inserted: number;
  alreadyPresent: number;
  updated: number;
  rejected: number;
  customersCreated: number;
  rejectsByReason: Partial<Record<RejectReason, number>>;
  rejectsFile: string | null;
  sha256: string;
}

const SQL = () => readNamedSql(import.meta.url, 'stage.sql');

const STAGE_TYPES: Record<Kind, string> = {
  customers: 'customer_id VARCHAR, signup_date DATE, region VARCHAR, channel VARCHAR, plan VARCHAR, name VARCHAR, email VARCHAR, phone VARCHAR',
  events: 'event_id VARCHAR, customer_id VARCHAR, ts BIGINT, type VARCHAR, amount DOUBLE, score DOUBLE, channel VARCHAR, text VARCHAR',
  actions: 'action_id VARCHAR, customer_id VARCHAR, ts BIGINT, action VARCHAR, channel VARCHAR, cost DOUBLE, campaign VARCHAR, is_control BOOLEAN, contacted BOOLEAN, accepted BOOLEAN, text VARCHAR',
};

export async function ingestFile(db: Database, path: string, options: IngestOptions): Promise<IngestResult> {
  const file = resolve(path);
  if (!existsSync(file)) throw new UserError(`${path}: no such file`);
  const stat = statSync(file);
  if (!stat.isFile()) throw new UserError(`${path}: not a file`);
  const logger = options.logger ?? silentLogger;
  const { kind } = options;
  const started = new Date();
  const mapping = options.mapping ?? identityMapping(kind);
  const sql = SQL();
  const id = KINDS[kind].id;
  const subst = (q: string) => q.replaceAll('{id}', id).replaceAll('{table}', kind);

  const hash = createHash('sha256');
  const { source, format } = await openSource(db, path, file, mapping, options, (chunk) => hash.update(chunk));
  if (format !== 'csv') await hashFile(file, hash);
  if (source.info.empty) throw new InputError(path, 'empty file: no header and no rows');
  const mapper = createRowMapper(kind, mapping, source.columns, path, {
    latestAllowedMs: (options.now ?? Date.now()) + options.futureToleranceHours * 3_600_000,
  }, { identity: options.mapping === null });

  await db.run(`CREATE OR REPLACE TEMP TABLE _stage (${STAGE_TYPES[kind]}, _line BIGINT, _raw VARCHAR, _id_base VARCHAR, _content DOUBLE)`);
  await db.run('CREATE OR REPLACE TEMP TABLE _rejected (line BIGINT, reason VARCHAR, message VARCHAR, raw VARCHAR)');
  try {
    const rowsRead = await stageRows(db, kind, source, mapper, logger, basename(path), stat.size);
    await db.run('BEGIN TRANSACTION');
    try {
      if (mapping.idFrom) await db.run(subst(sql.number_hashed_ids));
      await db.run(subst(sql.first_of_each_id));
      await db.run(subst(sql.reject_conflicting_duplicates));
      const [repeats] = await db.all<{ n: number }>(subst(sql.count_repeats_in_file));
      await db.run(subst(sql.keep_first_of_each_id));
      await db.run(subst(sql.drop_rejected));
      let customersCreated = 0;
      if (kind !== 'customers') {
        if ((options.missingCustomers ?? mapping.missingCustomers ?? 'reject') === 'create') {
          const [before] = await db.all<{ n: number }>('SELECT count(*) AS n FROM customers');
          await db.run(sql.create_stub_customers);
          const [after] = await db.all<{ n: number }>('SELECT count(*) AS n FROM customers');
          customersCreated = after.n - before.n;
        } else {
          await db.run(sql.reject_unknown_customers);
          await db.run(sql.drop_rejected);
        }
      }
      if (kind === 'events') await db.run(sql.new_events);
      const [fresh] = await db.all<{ n: number }>(kind === 'events' ? 'SELECT count(*) AS n FROM _new' : subst(sql.count_new));
      const [staged] = await db.all<{ n: number }>('SELECT count(*) AS n FROM _stage');
      const updated = kind === 'customers' ? (await db.all<{ n: number }>(sql.count_changed_customers))[0].n : 0;
      // event_links (derived from events for the features) follows them in this transaction, if it
      // was current; a stale one stays stale and is rebuilt in full where it is next needed.
      const relink = kind === 'events' && !options.dryRun && fresh.n > 0 && (await eventLinksCurrent(db));
      await db.run(kind === 'customers' ? sql.upsert_customers : kind === 'events' ? sql.insert_events : sql.insert_actions);
      if (relink) {
        await db.run(sql.added_events);
        await addToEventLinks(db, '_added');
      }
      const rejectRows = await db.all<{ reason: RejectReason; n: number }>('SELECT reason, count(*) AS n FROM _rejected GROUP BY 1 ORDER BY 1');
      const rejected = rejectRows.reduce((s, r) => s + r.n, 0);
      const result: IngestResult = {
        file: path,
        kind,
        format,
        loadId: null,
        dryRun: options.dryRun ?? false,
        rowsRead,
        inserted: fresh.n,
        alreadyPresent: staged.n - fresh.n + repeats.n,
        updated,
        rejected,
        customersCreated,
        rejectsByReason: Object.fromEntries(rejectRows.map((r) => [r.reason, r.n])),
        rejectsFile: null,
        sha256: hash.digest('hex'),
      };
      if (result.inserted + result.alreadyPresent + result.rejected !== rowsRead) {
        throw new Error(`ingest counts do not reconcile for ${path}: ${JSON.stringify(result)}`);
      }
      if (options.dryRun) {
        await db.run('ROLLBACK');
      } else {
        result.loadId = `${kind}-${started.toISOString().replace(/[-:.TZ]/g, '').slice(0, 17)}-${result.sha256.slice(0, 8)}`;
        const params = { load_id: result.loadId, file };
        await db.run(sql.save_rejects, params, 'stage.sql save_rejects');
        await db.run(sql.log_load, {
          ...params,
          size: stat.size,
          sha256: result.sha256,
          kind,
          format,
          mapping: JSON.stringify(mapping),
          rows_read: rowsRead,
          inserted: result.inserted,
          updated: result.updated,
          already_present: result.alreadyPresent,
          rejected: result.rejected,
          customers_created: customersCreated,
          started_at: started.toISOString().replace('T', ' ').replace('Z', ''),
          finished_at: new Date().toISOString().replace('T', ' ').replace('Z', ''),
        }, 'stage.sql log_load');
        await db.run('COMMIT');
      }
      if (options.rejectsOut && rejected > 0) {
        result.rejectsFile = await writeRejectsCsv(db, options.rejectsOut, source.columns ?? inferredColumns(kind, mapping), source.splitRaw);
      }
      return result;
    } catch (error) {
      await db.run('ROLLBACK').catch(() => {});
      throw error;
    }
  } finally {
    await db.run('DROP TABLE IF EXISTS _stage; DROP TABLE IF EXISTS _rejected; DROP TABLE IF EXISTS _first; DROP VIEW IF EXISTS _added; DROP TABLE IF EXISTS _new;').catch(() => {});
  }
}

async function openSource(
  db: Database,
  path: string,
  file: string,
  mapping: Mapping,
  options: IngestOptions,
  onBytes: (chunk: Buffer) => void,
): Promise<{ source: Source; format: SourceFormat }> {
  const format = options.format ?? mapping.format ?? formatFromExtension(file);
  if (format !== 'csv') return { source: await openWithDuckDb(file, format), format };
  const csv = mapping.csv ?? {};
  let source = await openCsv(file, { ...csv, encoding: options.encoding ?? csv.encoding, onBytes });
  // A rejects file written by `--rejects` is re-ingestable with the same mapping: it is plain CSV with
  // a header naming the source columns, plus the reject_* columns, which are ignored.
  if (source.columns && REJECT_COLUMNS.every((c) => source.columns!.includes(c)) && (csv.delimiter !== undefined || csv.header === false)) {
    source = await openCsv(file, { encoding: 'utf8', delimiter: ',', header: true, onBytes: () => {} });
  }
  return { source, format };
}

async function stageRows(
  db: Database,
  kind: Kind,
  source: Source,
  mapper: ReturnType<typeof createRowMapper>,
  logger: Logger,
  label: string,
  size: number,
): Promise<number> {
  const stage = await db.appender('_stage');
  const rejected = await db.appender('_rejected');
  const progress = logger.progress(`ingest ${label}`, size);
  let rows = 0;
  let bytes = 0;
  try {
    for await (const record of source.records) {
      rows++;
      bytes += record.raw.length + 1;
      if ((rows & 0xffff) === 0) progress.tick(bytes);
      const result = mapper(record);
      if (!result.ok) {
        rejected.appendBigInt(BigInt(record.line));
        rejected.appendVarchar(result.rejection.reason);
        rejected.appendVarchar(result.rejection.message);
        rejected.appendVarchar(record.raw);
        rejected.endRow();
        continue;
      }
      appendRow(stage, kind, result.row);
      stage.appendBigInt(BigInt(record.line));
      stage.appendVarchar(record.raw);
      if (result.idBase === null) stage.appendNull();
      else stage.appendVarchar(result.idBase);
      stage.appendDouble(contentHash(result.row));
      stage.endRow();
    }
  } finally {
    progress.done();
    stage.closeSync();
    rejected.closeSync();
  }
  return rows;
}

function appendRow(a: DuckDBAppender, kind: Kind, row: CanonicalRow): void {
  const text = (v: string | null) => (v === null ? a.appendNull() : a.appendVarchar(v));
  const num = (v: number | null) => (v === null ? a.appendNull() : a.appendDouble(v));
  if (kind === 'customers') {
    const c = row as CustomerRow;
    a.appendVarchar(c.customer_id);
    a.appendVarchar(c.signup_date);
    for (const v of [c.region, c.channel, c.plan, c.name, c.email, c.phone]) text(v);
  } else if (kind === 'events') {
    const e = row as EventRow;
    a.appendVarchar(e.event_id);
    a.appendVarchar(e.customer_id);
    a.appendBigInt(BigInt(e.ts));
    a.appendVarchar(e.type);
    num(e.amount);
    num(e.score);
    text(e.channel);
    text(e.text);
  } else {
    const r = row as ActionRow;
    a.appendVarchar(r.action_id);
    a.appendVarchar(r.customer_id);
    a.appendBigInt(BigInt(r.ts));
    a.appendVarchar(r.action);
    text(r.channel);
    num(r.cost);
    text(r.campaign);
    a.appendBoolean(r.is_control);
    for (const v of [r.contacted, r.accepted]) {
      if (v === null) a.appendNull();
      else a.appendBoolean(v);
    }
    text(r.text);
  }
}

/**
 * A 53-bit hash of the row's values (cyrb53). It is only compared between rows that share an id in
 * the same file, where a collision would need two different rows with one id and one hash.
 */
function contentHash(row: CanonicalRow): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (const value of Object.values(row)) {
    const text = value === null ? '\u0000' : String(value);
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ 0x1f, 2654435761);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

async function hashFile(file: string, hash: ReturnType<typeof createHash>): Promise<void> {
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
}

function inferredColumns(kind: Kind, mapping: Mapping): string[] {
  return mapping.csv?.columns ?? columnsOf(kind);
}
