// The one way stages talk to DuckDB: open a file, run parameterised SQL (values are always bound,
// never pasted), read rows, append in bulk. A failing query names the SQL file or label it came from.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DOUBLE,
  DuckDBDataChunk,
  DuckDBDoubleVector,
  DuckDBInstance,
  INTEGER,
  UTINYINT,
  DuckDBTypeId,
  type DuckDBVector,
  LIST,
  listValue,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBResult,
  type DuckDBAppender,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { QueryError, UserError, ExitCode } from '../errors.ts';

/** Named parameters ($name in SQL). Arrays bind as DuckDB lists. */
export type Params = Record<string, DuckDBValue | readonly string[] | readonly number[]>;
export type Row = Record<string, unknown>;

export interface Database {
  readonly path: string;
  /** Runs one or more statements; returns nothing. */
  run(sql: string, params?: Params, label?: string): Promise<void>;
  /** Runs a query and returns plain row objects (BIGINT as number, DATE/TIMESTAMP as JS values). */
  all<T extends Row = Row>(sql: string, params?: Params, label?: string): Promise<T[]>;
  /** Runs a query and returns its columns by name. */
  columns(sql: string, params?: Params, label?: string): Promise<Record<string, unknown[]>>;
  /**
   * Runs a query and returns its columns read chunk by chunk: numeric columns (integers, floats,
   * decimals, booleans) as Float64Array with NULL as NaN, the rest as JS values. For wide results of
   * many rows (a feature snapshot): no row objects, one typed array per column.
   */
  vectors(sql: string, params?: Params, label?: string): Promise<Vectors>;
  /** Streams a query's rows in batches (one DuckDB chunk each), so memory stays flat. */
  stream(sql: string, params?: Params, label?: string): AsyncGenerator<{ columns: string[]; rows: unknown[][] }>;
  appender(table: string): Promise<DuckDBAppender>;
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws. Inside
   * another `transaction` it joins the outer one (DuckDB has no nested transactions), so a stage
   * that writes atomically stays atomic within a caller's larger transaction.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Appends typed columns, in the table's column order, a DuckDB chunk at a time: each column is
   * copied as one buffer, where the row appender makes a call per value (seconds per million rows).
   * Float64Array -> DOUBLE (NaN stays NaN), Int32Array -> INTEGER, Uint8Array -> UTINYINT.
   */
  appendColumns(table: string, columns: readonly AppendColumn[]): Promise<void>;
  close(): void;
}

export type AppendColumn = Float64Array | Int32Array | Uint8Array;

export interface Vectors {
  rows: number;
  numeric: Record<string, Float64Array>;
  other: Record<string, unknown[]>;
}

export interface OpenOptions {
  readOnly?: boolean;
  /** Create the churn tables (default: when writable); false for a scratch instance. */
  schema?: boolean;
  /**
   * DuckDB's memory_limit, e.g. "4GB" (default DEFAULT_MEMORY_LIMIT): beyond it big loads and queries
   * spill to disk instead of growing without bound (DuckDB's own default is 80% of the machine's
   * memory). The CLI sets it from CHURN_DUCKDB_MEMORY.
   */
  memoryLimit?: string;
}

export const DEFAULT_MEMORY_LIMIT = '2GB';

const schemaSql = () => readSql(import.meta.url, 'schema.sql');

/** Reads a `.sql` file that sits beside the module whose `import.meta.url` is given. */
export function readSql(moduleUrl: string, name: string): string {
  return readFileSync(resolve(dirname(fileURLToPath(moduleUrl)), name), 'utf8');
}

export async function openDatabase(path: string, options: OpenOptions = {}): Promise<Database> {
  const readOnly = options.readOnly ?? false;
  if (!readOnly && path !== ':memory:') {
    try {
      mkdirSync(dirname(resolve(path)), { recursive: true });
    } catch (error) {
      throw new UserError(`cannot create the folder of database ${path}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(
      path,
      instanceOptions(readOnly, options.memoryLimit ?? DEFAULT_MEMORY_LIMIT),
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/lock/i.test(message)) {
      throw new UserError(`database ${path} is in use by another process (DuckDB allows one writer)`, {
        exitCode: ExitCode.locked,
        cause: error,
      });
    }
    if (/Permission denied|Read-only file system/i.test(message)) {
      throw new UserError(
        `database ${path} ${readOnly ? 'cannot be read' : 'is read-only'} for this user: ${message}`,
        { cause: error },
      );
    }
    if (readOnly && /does not exist|No such file|Cannot open/i.test(message)) {
      throw new UserError(`database ${path} does not exist: run \`churn demo\` or \`churn ingest\` first`, {
        cause: error,
      });
    }
    throw new UserError(`cannot open database ${path}: ${message}`, { cause: error });
  }
  const connection = await instance.connect();
  const db = wrap(path, instance, connection);
  if (options.schema ?? !readOnly) await applySchema(db);
  return db;
}

/** True when an error says another process holds the database (DuckDB allows one writer). */
export function isDatabaseLocked(error: unknown): boolean {
  return error instanceof UserError && error.exitCode === ExitCode.locked;
}

/** DuckDB settings for every connection. */
function instanceOptions(readOnly: boolean, memoryLimit: string): Record<string, string> {
  const options: Record<string, string> = { memory_limit: memoryLimit };
  if (readOnly) options.access_mode = 'READ_ONLY';
  return options;
}

/** Creates the tables that do not exist yet (schema.sql is idempotent). */
export async function applySchema(db: Database): Promise<void> {
  await db.run(schemaSql(), {}, 'schema.sql');
}

/** Runs a query call; a failure becomes a QueryError naming the query. */
async function named<T>(sql: string, label: string | undefined, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new QueryError(label ?? firstLine(sql), error);
  }
}

const hasParams = (params: Params | undefined): params is Params =>
  params !== undefined && Object.keys(params).length > 0;

function readAll(connection: DuckDBConnection, sql: string, params: Params | undefined, label: string | undefined) {
  return named(sql, label, () =>
    hasParams(params) ? connection.runAndReadAll(sql, bind(params), bindTypes(params)) : connection.runAndReadAll(sql),
  );
}

function startStream(connection: DuckDBConnection, sql: string, params: Params | undefined, label: string | undefined) {
  return named(sql, label, () =>
    hasParams(params) ? connection.stream(sql, bind(params), bindTypes(params)) : connection.stream(sql),
  );
}

function wrap(path: string, instance: DuckDBInstance, connection: DuckDBConnection): Database {
  const exec = (sql: string, params: Params | undefined, label: string | undefined) =>
    readAll(connection, sql, params, label);
  let inTransaction = false;
  return {
    path,
    async run(sql, params, label) {
      // Multi-statement scripts cannot take parameters in one call; run them statement by statement.
      if (!params || Object.keys(params).length === 0) {
        try {
          await connection.run(sql);
        } catch (error) {
          throw new QueryError(label ?? firstLine(sql), error);
        }
        return;
      }
      for (const statement of splitStatements(sql)) {
        const used = Object.fromEntries(Object.entries(params).filter(([k]) => statement.includes(`$${k}`)));
        await exec(statement, used, label);
      }
    },
    async all<T extends Row>(sql: string, params?: Params, label?: string) {
      const reader = await exec(sql, params, label);
      return reader.getRowObjectsJS().map((row) => plain(row) as T);
    },
    async columns(sql, params, label) {
      const reader = await exec(sql, params, label);
      const cols = reader.getColumnsObjectJS();
      for (const key of Object.keys(cols)) cols[key] = cols[key].map(plainValue) as never;
      return cols as Record<string, unknown[]>;
    },
    async vectors(sql, params, label) {
      const result = await startStream(connection, sql, params, label);
      try {
        return await readVectors(result);
      } catch (error) {
        throw new QueryError(label ?? firstLine(sql), error);
      }
    },
    async *stream(sql, params, label) {
      const result = await startStream(connection, sql, params, label);
      const columns = result.columnNames();
      try {
        for await (const rows of result.yieldRowsJs()) yield { columns, rows: rows as unknown[][] };
      } catch (error) {
        throw new QueryError(label ?? firstLine(sql), error);
      }
    },
    appender: (table) => connection.createAppender(table),
    async transaction(work) {
      if (inTransaction) return work();
      await connection.run('BEGIN TRANSACTION');
      inTransaction = true;
      try {
        const result = await work();
        await connection.run('COMMIT');
        return result;
      } catch (error) {
        await connection.run('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        inTransaction = false;
      }
    },
    appendColumns: (table, columns) => appendColumns(connection, table, columns),
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** DuckDB's vector size: the most rows a data chunk holds. */
const CHUNK_ROWS = 2048;

/** Typed columns appended a data chunk at a time, each column's DuckDB type from its array type. */
async function appendColumns(
  connection: DuckDBConnection,
  table: string,
  columns: readonly AppendColumn[],
): Promise<void> {
  const rows = columns[0]?.length ?? 0;
  if (columns.some((c) => c.length !== rows)) throw new Error(`appendColumns(${table}): columns of different lengths`);
  const types = columns.map((c) => (c instanceof Float64Array ? DOUBLE : c instanceof Int32Array ? INTEGER : UTINYINT));
  const appender = await connection.createAppender(table);
  try {
    for (let start = 0; start < rows; start += CHUNK_ROWS) {
      const count = Math.min(CHUNK_ROWS, rows - start);
      const chunk = DuckDBDataChunk.create(types, count);
      columns.forEach((column, c) => {
        const values = column.subarray(start, start + count);
        if (!copyInto(chunk.getColumnVector(c), values)) chunk.setColumnValues(c, values as unknown as number[]);
      });
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
  } catch (error) {
    throw new QueryError(`append to ${table}`, error);
  }
}

const NUMERIC_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.BOOLEAN,
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.DECIMAL,
]);

async function readVectors(result: DuckDBResult): Promise<Vectors> {
  const names = result.columnNames();
  const numeric = result.columnTypes().map((type) => NUMERIC_TYPES.has(type.typeId));
  let capacity = 1 << 16;
  let arrays = names.map((_, c) => (numeric[c] ? new Float64Array(capacity) : null));
  const others = names.map((_, c) => (numeric[c] ? null : ([] as unknown[])));
  let rows = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const count = chunk.rowCount;
    if (rows + count > capacity) {
      while (rows + count > capacity) capacity *= 2;
      arrays = arrays.map((a) => {
        if (!a) return null;
        const grown = new Float64Array(capacity);
        grown.set(a.subarray(0, rows));
        return grown;
      });
    }
    for (let c = 0; c < names.length; c++) {
      const vector = chunk.getColumnVector(c);
      const into = arrays[c];
      if (into) {
        if (!copyDoubles(vector, into, rows, count))
          for (let i = 0; i < count; i++) into[rows + i] = toNumber(vector.getItem(i));
      } else {
        const list = others[c]!;
        for (let i = 0; i < count; i++) list.push(plainValue(vector.getItem(i)));
      }
    }
    rows += count;
  }
  const out: Vectors = { rows, numeric: {}, other: {} };
  names.forEach((name, c) => {
    if (arrays[c]) out.numeric[name] = arrays[c]!.slice(0, rows);
    else out.other[name] = others[c]!;
  });
  return out;
}

/**
 * DOUBLE vectors straight from their buffers: `getItem` costs a call per value and, where a column
 * has NULLs, BigInt arithmetic per value (seconds for a 1M x 50 snapshot). Reads the vector's
 * `items` and validity words, which @duckdb/node-api (pinned) keeps as fields; false when they are
 * not there, and the caller reads item by item.
 */
function copyDoubles(vector: DuckDBVector, into: Float64Array, at: number, count: number): boolean {
  if (!(vector instanceof DuckDBDoubleVector)) return false;
  const raw = vector as unknown as { items?: unknown; validity?: { data?: unknown; offset?: unknown } };
  const items = raw.items;
  const validity = raw.validity;
  if (!(items instanceof Float64Array) || items.length < count || !validity || validity.offset !== 0) return false;
  into.set(items.subarray(0, count), at);
  if (validity.data === null) return true;
  if (!(validity.data instanceof BigUint64Array)) return false;
  // Bit i of the little-endian validity words: 1 = valid.
  const bits = new Uint8Array(validity.data.buffer, validity.data.byteOffset, validity.data.byteLength);
  for (let i = 0; i < count; i++) if (((bits[i >> 3] >> (i & 7)) & 1) === 0) into[at + i] = NaN;
  return true;
}

/**
 * The write counterpart of copyDoubles: a fresh chunk's numeric vector keeps its values in an `items`
 * typed array of the column's type (@duckdb/node-api, pinned), so one `set` and a flush fill it,
 * where `setColumnValues` makes a call per value. False when the vector is not like that.
 */
function copyInto(vector: DuckDBVector, values: AppendColumn): boolean {
  const items = (vector as unknown as { items?: unknown }).items;
  if (!(items instanceof values.constructor) || (items as AppendColumn).length < values.length) return false;
  (items as AppendColumn).set(values as never);
  vector.flush();
  return true;
}

function toNumber(value: unknown): number {
  if (value === null) return NaN;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return Number((value as { toDouble(): number }).toDouble());
}

function bind(params: Params): Record<string, DuckDBValue> {
  const out: Record<string, DuckDBValue> = {};
  for (const [key, value] of Object.entries(params))
    out[key] = Array.isArray(value) ? listValue([...value]) : (value as DuckDBValue);
  return out;
}

/** Lists need their item type spelled out: an empty list would otherwise be a list of ANY. */
function bindTypes(params: Params): Record<string, DuckDBType | undefined> {
  const out: Record<string, DuckDBType | undefined> = {};
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) out[key] = LIST(value.length > 0 && typeof value[0] === 'number' ? DOUBLE : VARCHAR);
  }
  return out;
}

function plain(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key] = plainValue(value);
  return out;
}

function plainValue(value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

function firstLine(sql: string): string {
  return sql.trim().split('\n')[0].slice(0, 80);
}

/** Splits a script on semicolons that end a line; our .sql files keep one statement per `;\n`. */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
