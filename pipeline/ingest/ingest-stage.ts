// Ingest stage: one file -> mapped, validated rows in a temp table -> set-based checks -> one
// transaction that inserts new rows, updates changed customers, stores rejects and logs the load.
// Rows read = inserted + already present + rejected, always; stored events and actions are never
// changed (a re-sent one with other values is rejected as conflicts_with_stored). A killed process
// leaves the database as it was (temp tables and an uncommitted transaction vanish with the
// connection): test/ingest-kill.test.ts kills it at each testPoint.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { DuckDBAppender } from '@duckdb/node-api';
import { systemClock, type Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { readNamedSql } from '../db/named-sql.ts';
import { InputError, UserError } from '../errors.ts';
import { addToEventLinks, eventLinksCurrent } from '../features/event-links.ts';
import { silentLogger, type Logger } from '../log.ts';
import { testPoint } from '../test-pause.ts';
import { CANONICAL_COLUMNS, columnsOf, type Kind } from '../vocabulary.ts';
import { KINDS, type ActionRow, type CanonicalRow, type CustomerRow } from './canonical-schema.ts';
import { checkAttributeKinds, knownEventTypes, recordDeclarations } from './ingest-declarations.ts';
import { identityMapping } from './mapping.ts';
import type { Mapping } from './mapping-schema.ts';
import { DIFFERING_IDS_SHOWN, type RejectReason } from './reject-reasons.ts';
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
  now?: Clock;
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
  /** Rows whose id (or an earlier row's in the file) holds the same values: nothing to do. */
  alreadyPresent: number;
  /**
   * Events and actions re-sent under a stored id with other values: the stored row is kept, they are
   * rejected as conflicts_with_stored (so part of `rejected`), their ids listed in `differingIds`.
   */
  differ: number;
  /** The differing rows' ids in file order, at most DIFFERING_IDS_SHOWN. */
  differingIds: string[];
  /** Customers whose stored attributes this file changed (the latest file wins): part of alreadyPresent. */
  updated: number;
  rejected: number;
  customersCreated: number;
  rejectsByReason: Partial<Record<RejectReason, number>>;
  rejectsFile: string | null;
  sha256: string;
  /** One line each: a file without data rows, rows that differ from the stored ones. */
  warnings: string[];
}

const SQL = () => readNamedSql(import.meta.url, 'stage.sql');

/** The staging table's columns: the canonical ones, timestamps as epoch milliseconds (stage.sql converts them). */
export function stageColumns(kind: Kind): string {
  return Object.entries(CANONICAL_COLUMNS[kind])
    .map(([column, type]) => `${column} ${type === 'TIMESTAMP' ? 'BIGINT' : type}`)
    .join(', ');
}

export async function ingestStage(db: Database, path: string, options: IngestOptions): Promise<IngestResult> {
  const file = resolve(path);
  if (!existsSync(file)) throw new UserError(`${path}: no such file`);
  const stat = statSync(file);
  if (!stat.isFile()) throw new UserError(`${path}: not a file`);
  const logger = options.logger ?? silentLogger;
  const { kind } = options;
  const now = options.now ?? systemClock;
  const load: Load = {
    path,
    file,
    size: stat.size,
    kind,
    now,
    started: now(),
    mapping: options.mapping ?? identityMapping(kind),
    hash: createHash('sha256'),
  };
  const { source, format } = await openSource(db, path, file, load.mapping, options, (chunk) =>
    load.hash.update(chunk),
  );
  if (format !== 'csv') await hashFile(file, load.hash);
  if (source.info.empty) throw new InputError(path, 'empty file: no header and no rows');
  await checkAttributeKinds(db, load.mapping, path);
  const mapper = createRowMapper(
    kind,
    load.mapping,
    source.columns,
    path,
    {
      latestAllowedMs: load.started.getTime() + options.futureToleranceHours * 3_600_000,
      eventTypes: await knownEventTypes(db, load.mapping),
    },
    { identity: options.mapping === null },
  );

  await db.run(
    `CREATE OR REPLACE TEMP TABLE _stage (${stageColumns(kind)}, _line BIGINT, _raw VARCHAR, _id_base VARCHAR, _content DOUBLE)`,
  );
  await db.run('CREATE OR REPLACE TEMP TABLE _rejected (line BIGINT, reason VARCHAR, message VARCHAR, raw VARCHAR)');
  // Declared attributes' values, by line: written for the rows that stay in _stage.
  await db.run(
    'CREATE OR REPLACE TEMP TABLE _stage_attributes (_line BIGINT, name VARCHAR, value VARCHAR, number DOUBLE)',
  );
  try {
    const rowsRead = await stageRows(db, kind, source, mapper, logger, basename(path), stat.size);
    testPoint('staged');
    await db.run('BEGIN TRANSACTION');
    let result: IngestResult;
    try {
      result = await loadStaged(db, load, format, rowsRead, options);
    } catch (error) {
      await db.run('ROLLBACK').catch(() => {});
      throw error;
    }
    for (const warning of result.warnings) logger.warn(warning);
    if (options.rejectsOut && result.rejected > 0) {
      result.rejectsFile = await writeRejectsCsv(
        db,
        options.rejectsOut,
        source.columns ?? inferredColumns(kind, load.mapping),
        source.splitRaw,
      );
    }
    return result;
  } finally {
    await db
      .run(
        'DROP TABLE IF EXISTS _stage; DROP TABLE IF EXISTS _stage_attributes; DROP TABLE IF EXISTS _rejected; DROP TABLE IF EXISTS _first; DROP TABLE IF EXISTS _stored; DROP VIEW IF EXISTS _added;',
      )
      .catch(() => {});
  }
}

/** The file being loaded: where it is, what it holds and its hash so far. */
interface Load {
  path: string;
  file: string;
  size: number;
  kind: Kind;
  /** The clock the load reads (its start, its end and the future tolerance). */
  now: Clock;
  started: Date;
  mapping: Mapping;
  hash: Hash;
}

/**
 * Inside the load's transaction: the staged rows sorted and inserted, the counts reconciled, then
 * committed with their rejects and the `ingest_log` row (or rolled back on a dry run).
 */
async function loadStaged(
  db: Database,
  load: Load,
  format: SourceFormat,
  rowsRead: number,
  options: IngestOptions,
): Promise<IngestResult> {
  const { kind, mapping, path } = load;
  const sql = SQL();
  const sorted = await sortStaged(db, kind, mapping, options.missingCustomers ?? mapping.missingCustomers ?? 'reject');
  // event_links (derived from events for the features) follows them in this transaction, if it
  // was current; a stale one stays stale and is rebuilt in full where it is next needed.
  const relink = kind === 'events' && !options.dryRun && sorted.inserted > 0 && (await eventLinksCurrent(db));
  await db.run(
    kind === 'customers' ? sql.upsert_customers : kind === 'events' ? sql.insert_events : sql.insert_actions,
  );
  if (mapping.attributes && kind !== 'actions') await db.run(sql.upsert_attributes);
  testPoint('insert');
  if (relink) {
    await db.run(sql.added_events);
    await addToEventLinks(db, '_added');
  }
  const rejectRows = await db.all<{ reason: RejectReason; n: number }>(
    'SELECT reason, count(*) AS n FROM _rejected GROUP BY 1 ORDER BY 1',
  );
  const rejected = rejectRows.reduce((s, r) => s + r.n, 0);
  const result: IngestResult = {
    file: path,
    kind,
    format,
    loadId: null,
    dryRun: options.dryRun ?? false,
    rowsRead,
    inserted: sorted.inserted,
    alreadyPresent: sorted.alreadyPresent,
    differ: sorted.differ,
    differingIds: sorted.differingIds,
    updated: sorted.updated,
    rejected,
    customersCreated: sorted.customersCreated,
    rejectsByReason: Object.fromEntries(rejectRows.map((r) => [r.reason, r.n])),
    rejectsFile: null,
    sha256: load.hash.digest('hex'),
    warnings: warningsOf(path, rowsRead, sorted),
  };
  if (
    result.inserted + result.alreadyPresent + result.rejected !== rowsRead ||
    result.differ > (result.rejectsByReason.conflicts_with_stored ?? 0)
  ) {
    throw new Error(`ingest counts do not reconcile for ${path}: ${JSON.stringify(result)}`);
  }
  if (options.dryRun) await db.run('ROLLBACK');
  else await commitLoad(db, load, result);
  return result;
}

/** The rejects and the `ingest_log` row written, then the commit. */
async function commitLoad(db: Database, load: Load, result: IngestResult): Promise<void> {
  const sql = SQL();
  result.loadId = `${load.kind}-${load.started
    .toISOString()
    .replace(/[-:.TZ]/g, '')
    .slice(0, 17)}-${result.sha256.slice(0, 8)}`;
  const params = { load_id: result.loadId, file: load.file };
  await db.run(sql.save_rejects, params, 'stage.sql save_rejects');
  await db.run(
    sql.log_load,
    {
      ...params,
      size: load.size,
      sha256: result.sha256,
      kind: load.kind,
      format: result.format,
      mapping: JSON.stringify(load.mapping),
      rows_read: result.rowsRead,
      inserted: result.inserted,
      updated: result.updated,
      already_present: result.alreadyPresent,
      rejected: result.rejected,
      customers_created: result.customersCreated,
      started_at: load.started.toISOString().replace('T', ' ').replace('Z', ''),
      finished_at: load.now().toISOString().replace('T', ' ').replace('Z', ''),
    },
    'stage.sql log_load',
  );
  await recordDeclarations(db, load.mapping);
  testPoint('commit');
  await db.run('COMMIT');
  testPoint('committed');
}

/** How the staged rows were sorted, before any is written. */
interface Sorted {
  inserted: number;
  alreadyPresent: number;
  differ: number;
  differingIds: string[];
  /** Distinct ids among the differing rows. */
  differingIdCount: number;
  updated: number;
  customersCreated: number;
}

/**
 * The set-based steps inside the load's transaction: rows whose id is stored are already present or,
 * with other values, rejected (customers instead are updated: the latest file wins); repeats in the
 * file are resolved; events of unknown customers are rejected or create stub customers. What stays
 * in _stage is what the insert writes.
 */
async function sortStaged(
  db: Database,
  kind: Kind,
  mapping: Mapping,
  missingCustomers: 'reject' | 'create',
): Promise<Sorted> {
  const sql = SQL();
  const subst = (q: string) => q.replaceAll('{id}', KINDS[kind].id);
  const count = async (q: string) => (await db.all<{ n: number }>(q))[0].n;
  if (mapping.idFrom) await db.run(subst(sql.number_hashed_ids));
  let stored = { same: 0, differ: 0, ids: 0 };
  let differingIds: string[] = [];
  if (kind !== 'customers') {
    await db.run(kind === 'events' ? sql.stored_events : sql.stored_actions);
    await db.run(subst(sql.reject_conflicts_with_stored));
    [stored] = await db.all<typeof stored>(sql.count_stored);
    if (stored.differ > 0)
      differingIds = (await db.all<{ id: string }>(sql.differing_ids, { limit: DIFFERING_IDS_SHOWN })).map((r) => r.id);
    await db.run(sql.drop_stored);
  }
  await db.run(subst(sql.first_of_each_id));
  await db.run(subst(sql.reject_conflicting_duplicates));
  const repeats = await count(subst(sql.count_repeats_in_file));
  await db.run(subst(sql.keep_first_of_each_id));
  await db.run(subst(sql.drop_rejected));
  let customersCreated = 0;
  if (kind !== 'customers') {
    if (missingCustomers === 'create') {
      const before = await count('SELECT count(*) AS n FROM customers');
      await db.run(sql.create_stub_customers);
      customersCreated = (await count('SELECT count(*) AS n FROM customers')) - before;
    } else {
      await db.run(sql.reject_unknown_customers);
      await db.run(sql.drop_rejected);
    }
  }
  const staged = await count('SELECT count(*) AS n FROM _stage');
  const sorted = { differ: stored.differ, differingIds, differingIdCount: stored.ids, customersCreated };
  if (kind !== 'customers') return { ...sorted, inserted: staged, alreadyPresent: stored.same + repeats, updated: 0 };
  const fresh = await count(sql.count_new_customers);
  return {
    ...sorted,
    inserted: fresh,
    alreadyPresent: staged - fresh + repeats,
    updated: await count(sql.count_changed_customers),
  };
}

function warningsOf(path: string, rowsRead: number, sorted: Sorted): string[] {
  const warnings: string[] = [];
  if (rowsRead === 0) warnings.push(`${path}: 0 data rows: nothing to load`);
  if (sorted.differ > 0) {
    const shown = sorted.differingIds.slice(0, 5);
    const more = sorted.differingIdCount - shown.length;
    const ids = shown.join(', ') + (more > 0 ? `, and ${more.toLocaleString('en')} more` : '');
    const rows = sorted.differ === 1 ? '1 row re-sends' : `${sorted.differ.toLocaleString('en')} rows re-send`;
    const idWord = sorted.differingIdCount === 1 ? 'id' : 'ids';
    warnings.push(
      `${path}: ${rows} ${sorted.differingIdCount.toLocaleString('en')} ${idWord} already stored with other values (${ids}): ` +
        'the stored rows are kept, these rows are rejected as conflicts_with_stored',
    );
  }
  return warnings;
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
  if (
    source.columns &&
    REJECT_COLUMNS.every((c) => source.columns!.includes(c)) &&
    (csv.delimiter !== undefined || csv.header === false)
  ) {
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
  const attributes = await db.appender('_stage_attributes');
  const progress = logger.progress(`ingest ${label}`, size);
  let rows = 0;
  let bytes = 0;
  try {
    for await (const record of source.records) {
      rows++;
      bytes += record.raw.length + 1;
      if ((rows & 0xffff) === 0) {
        progress.tick(bytes);
        testPoint('staging');
      }
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
      stage.appendDouble(
        contentHash(result.attributes.length ? { ...result.row, attributes: result.attributes } : result.row),
      );
      stage.endRow();
      for (const a of result.attributes) {
        attributes.appendBigInt(BigInt(record.line));
        attributes.appendVarchar(a.name);
        if (a.value === null) attributes.appendNull();
        else attributes.appendVarchar(a.value);
        if (a.number === null) attributes.appendNull();
        else attributes.appendDouble(a.number);
        attributes.endRow();
      }
    }
  } finally {
    progress.done();
    stage.closeSync();
    rejected.closeSync();
    attributes.closeSync();
  }
  return rows;
}

const EVENT_COLUMN_TYPES = Object.entries(CANONICAL_COLUMNS.events);

function appendRow(a: DuckDBAppender, kind: Kind, row: CanonicalRow): void {
  const text = (v: string | null) => (v === null ? a.appendNull() : a.appendVarchar(v));
  const num = (v: number | null) => (v === null ? a.appendNull() : a.appendDouble(v));
  if (kind === 'customers') {
    const c = row as CustomerRow;
    a.appendVarchar(c.customer_id);
    a.appendVarchar(c.signup_date);
    for (const v of [c.region, c.channel, c.plan, c.name, c.email, c.phone]) text(v);
  } else if (kind === 'events') {
    // In the staging table's order (stageColumns): every column by its type, timestamps as epoch ms.
    const e = row as unknown as Record<string, string | number | null>;
    for (const [column, type] of EVENT_COLUMN_TYPES) {
      const v = e[column];
      if (type === 'TIMESTAMP') a.appendBigInt(BigInt(v as number));
      else if (type === 'DOUBLE') num(v as number | null);
      else text(v as string | null);
    }
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
function contentHash(row: CanonicalRow | Record<string, unknown>): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (const value of Object.values(row)) {
    const text = value === null ? '\u0000' : typeof value === 'object' ? JSON.stringify(value) : String(value);
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
