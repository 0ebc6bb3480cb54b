// Ingest stage (canonical CSV): every row is validated against the kind's zod schema; a file with any
// bad row is refused as a whole with a message naming the line and field. Valid files are loaded in
// one transaction; rows whose id is already in the table are counted, not duplicated.
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { DuckDBAppender } from '@duckdb/node-api';
import type { Database } from '../db/database.ts';
import { InputError, UserError } from '../errors.ts';
import { silentLogger, type Logger } from '../log.ts';
import { KINDS, type CustomerRow, type EventRow, type Kind } from './canonical-schema.ts';
import { CsvSyntaxError, readCsv } from './csv-reader.ts';

export interface IngestResult {
  file: string;
  kind: Kind;
  rowsRead: number;
  inserted: number;
  alreadyPresent: number;
}

const STAGE = '_ingest_stage';

export function parseKind(value: string | undefined): Kind {
  if (value === 'customers' || value === 'events') return value;
  throw new UserError(`--kind must be customers or events${value === undefined ? '' : `, got "${value}"`}`);
}

export async function ingestCsv(db: Database, file: string, kind: Kind, logger: Logger = silentLogger): Promise<IngestResult> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new UserError(`${file}: no such file`);
  const { schema, columns } = KINDS[kind];
  const table = kind;
  await db.run(`CREATE OR REPLACE TABLE ${STAGE} AS SELECT *, 0::BIGINT AS _line FROM ${table} WHERE false`);
  try {
    const appender = await db.appender(STAGE);
    let rowsRead = 0;
    let order: number[] | null = null;
    const progress = logger.progress(`ingest ${basename(file)}`, statSync(file).size);
    try {
      for await (const { line, fields } of readCsv(file)) {
        if (fields.length === 1 && fields[0].trim() === '') continue;
        if (order === null) {
          order = headerOrder(file, fields, columns);
          continue;
        }
        if (fields.length !== columns.length) {
          throw new InputError(file, `expected ${columns.length} fields (${columns.join(', ')}), found ${fields.length}`, line);
        }
        const raw = Object.fromEntries(columns.map((c, j) => [c, fields[order![j]]]));
        const parsed = schema.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const field = String(issue.path[0] ?? '');
          const got = field in raw ? ` (got "${raw[field]}")` : '';
          throw new InputError(file, `${field ? `${field}: ` : ''}${issue.message}${got}`, line);
        }
        append(appender, kind, parsed.data as CustomerRow | EventRow, line);
        rowsRead++;
        if (rowsRead % 50_000 === 0) progress.tick(rowsRead * 60);
      }
    } catch (error) {
      if (error instanceof CsvSyntaxError) throw new InputError(file, error.message, error.line);
      throw error;
    } finally {
      progress.done();
      appender.closeSync();
    }
    if (order === null) throw new InputError(file, `empty file: expected a header line (${columns.join(', ')})`);
    await checkStage(db, file, kind);
    return await commit(db, file, kind, rowsRead);
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${STAGE}`);
  }
}

function headerOrder(file: string, header: string[], columns: readonly string[]): number[] {
  const names = header.map((h) => h.trim().toLowerCase());
  const missing = columns.filter((c) => !names.includes(c));
  if (missing.length) throw new InputError(file, `header lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${columns.join(', ')})`, 1);
  const extra = names.filter((n) => !columns.includes(n));
  if (extra.length) throw new InputError(file, `header has unknown column${extra.length > 1 ? 's' : ''} ${extra.join(', ')} (expected ${columns.join(', ')})`, 1);
  return columns.map((c) => names.indexOf(c));
}

function append(a: DuckDBAppender, kind: Kind, row: CustomerRow | EventRow, line: number): void {
  const text = (v: string | null) => (v === null ? a.appendNull() : a.appendVarchar(v));
  const num = (v: number | null) => (v === null ? a.appendNull() : a.appendDouble(v));
  if (kind === 'customers') {
    const c = row as CustomerRow;
    a.appendVarchar(c.customer_id);
    a.appendVarchar(c.signup_date);
    for (const v of [c.region, c.channel, c.plan, c.name, c.email, c.phone]) text(v);
  } else {
    const e = row as EventRow;
    a.appendVarchar(e.event_id);
    a.appendVarchar(e.customer_id);
    a.appendVarchar(new Date(e.ts).toISOString().replace('T', ' ').replace('Z', ''));
    a.appendVarchar(e.type);
    num(e.amount);
    num(e.score);
    text(e.channel);
    text(e.text);
  }
  a.appendBigInt(BigInt(line));
  a.endRow();
}

/** Whole-file checks that need every row: duplicate ids in the file, events of unknown customers. */
async function checkStage(db: Database, file: string, kind: Kind): Promise<void> {
  const id = kind === 'customers' ? 'customer_id' : 'event_id';
  const dup = await db.all<{ id: string; first: number; second: number }>(
    `SELECT ${id} AS id, min(_line) AS first, max(_line) AS second FROM ${STAGE} GROUP BY 1 HAVING count(*) > 1 ORDER BY 2 LIMIT 1`,
  );
  if (dup.length) throw new InputError(file, `${id} "${dup[0].id}" appears twice (also on line ${dup[0].first})`, dup[0].second);
  if (kind === 'events') {
    const orphan = await db.all<{ customer_id: string; line: number }>(
      `SELECT s.customer_id, s._line AS line FROM ${STAGE} s ANTI JOIN customers c USING (customer_id) ORDER BY s._line LIMIT 1`,
    );
    if (orphan.length) {
      throw new InputError(file, `customer_id "${orphan[0].customer_id}" is not a known customer (ingest the customers file first)`, orphan[0].line);
    }
  }
}

async function commit(db: Database, file: string, kind: Kind, rowsRead: number): Promise<IngestResult> {
  const id = kind === 'customers' ? 'customer_id' : 'event_id';
  const orderBy = kind === 'events' ? 'ORDER BY ts, event_id' : 'ORDER BY customer_id';
  await db.run('BEGIN TRANSACTION');
  try {
    const [before] = await db.all<{ n: number }>(`SELECT count(*) AS n FROM ${kind}`);
    await db.run(`INSERT INTO ${kind} SELECT * EXCLUDE (_line) FROM ${STAGE} ${orderBy} ON CONFLICT (${id}) DO NOTHING`);
    const [after] = await db.all<{ n: number }>(`SELECT count(*) AS n FROM ${kind}`);
    const inserted = after.n - before.n;
    await db.run(
      `INSERT INTO loads VALUES ($id, now()::TIMESTAMP, $kind, $source, $read, $loaded)`,
      { id: `${kind}-${Date.now()}-${process.pid}`, kind, source: file, read: rowsRead, loaded: inserted },
      'loads (insert)',
    );
    await db.run('COMMIT');
    return { file, kind, rowsRead, inserted, alreadyPresent: rowsRead - inserted };
  } catch (error) {
    await db.run('ROLLBACK');
    throw error;
  }
}
