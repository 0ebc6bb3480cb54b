// Typed column reads (Database.vectors): the same values as row-wise reads, NULL as NaN, across
// DuckDB's 2,048-row chunks, for DOUBLE and for other numeric types; the memory limit an open option.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLimitFromEnv } from '../pipeline/cli/options.ts';
import { DEFAULT_MEMORY_LIMIT, openDatabase, type Database } from '../pipeline/db/database.ts';
import { churn } from './helpers/cli.ts';
import { tempDatabase, tempDir } from './helpers/temp-db.ts';

let db: Database;
let cleanup: () => void;

beforeAll(async () => {
  ({ db, cleanup } = await tempDatabase());
});
afterAll(() => cleanup());

describe('vectors', () => {
  it('reads numbers as typed arrays with NULL as NaN, strings as values, over many chunks', async () => {
    const sql = `SELECT i, CASE WHEN i % 7 = 3 THEN NULL ELSE CAST(i AS DOUBLE) * 0.5 END AS d, CAST(i AS DOUBLE) AS full, CASE WHEN i % 11 = 0 THEN NULL ELSE CAST(i AS INTEGER) END AS n,
                        CASE WHEN i % 5 = 0 THEN NULL ELSE 'c' || i END AS s, i % 2 = 0 AS b
                 FROM range(5000) t(i) ORDER BY i`;
    const { rows, numeric, other } = await db.vectors(sql);
    const reference = await db.columns(sql);
    expect(rows).toBe(5000);
    const asNumber = (v: unknown) => (v === null ? NaN : Number(v));
    expect([...numeric.d]).toEqual((reference.d as unknown[]).map(asNumber));
    expect([...numeric.n]).toEqual((reference.n as unknown[]).map(asNumber));
    expect([...numeric.b]).toEqual((reference.b as boolean[]).map((v) => (v ? 1 : 0)));
    expect(other.s).toEqual(reference.s);
    expect(Number.isNaN(numeric.d[3])).toBe(true);
    expect(numeric.d[4]).toBe(2);
    expect([...numeric.full]).toEqual(reference.full as number[]);
  });
});

describe('appendColumns', () => {
  it('appends typed columns over many chunks, every value in its row', async () => {
    const n = 5000;
    const d = Float64Array.from({ length: n }, (_, i) => (i % 13 === 0 ? NaN : i * 0.25 - 100));
    const k = Int32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -1 : i * 1000));
    const u = Uint8Array.from({ length: n }, (_, i) => i % 256);
    await db.run('CREATE TABLE appended (d DOUBLE, k INTEGER, u UTINYINT)');
    await db.appendColumns('appended', [d, k, u]);
    const back = await db.vectors('SELECT d, k, u FROM appended');
    expect(back.rows).toBe(n);
    // Row order is kept: the i-th row holds the i-th value of every column.
    expect([...back.numeric.d]).toEqual([...d]);
    expect([...back.numeric.k]).toEqual([...k]);
    expect([...back.numeric.u]).toEqual([...u]);
    const [{ nan }] = await db.all<{ nan: number }>('SELECT count(*) FILTER (isnan(d)) AS nan FROM appended');
    expect(nan).toBe(Math.ceil(n / 13));
    await expect(db.appendColumns('appended', [d, k.subarray(1), u])).rejects.toThrow(/different lengths/);
  });
});

describe('transaction', () => {
  it('commits, rolls back on a throw, and joins an outer transaction when nested', async () => {
    await db.run('CREATE TABLE tx (v INTEGER)');
    await db.transaction(() => db.run('INSERT INTO tx VALUES (1)'));
    await expect(
      db.transaction(async () => {
        await db.run('INSERT INTO tx VALUES (2)');
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    // Nested: the inner write is undone with the outer one.
    await expect(
      db.transaction(async () => {
        await db.transaction(() => db.run('INSERT INTO tx VALUES (3)'));
        throw new Error('outer');
      }),
    ).rejects.toThrow('outer');
    const rows = await db.all<{ v: number }>('SELECT v FROM tx ORDER BY v');
    expect(rows.map((r) => r.v)).toEqual([1]);
    // And the connection is usable again, outside any transaction.
    await db.transaction(() => db.run('INSERT INTO tx VALUES (4)'));
    expect((await db.all<{ v: number }>('SELECT v FROM tx ORDER BY v')).map((r) => r.v)).toEqual([1, 4]);
  });
});

describe('memory limit', () => {
  const limitOf = async (memoryLimit?: string) => {
    const scratch = await openDatabase(':memory:', { schema: false, memoryLimit });
    try {
      return (await scratch.all<{ m: string }>(`SELECT current_setting('memory_limit') AS m`))[0].m;
    } finally {
      scratch.close();
    }
  };

  it('is an open option with a default, and the environment does not reach past the CLI', async () => {
    const saved = process.env.CHURN_DUCKDB_MEMORY;
    process.env.CHURN_DUCKDB_MEMORY = '300MB';
    try {
      expect(await limitOf('123MB')).toBe('117.3 MiB');
      expect(await limitOf()).toBe(await limitOf(DEFAULT_MEMORY_LIMIT));
      expect(await limitOf()).not.toBe(await limitOf('300MB'));
    } finally {
      if (saved === undefined) delete process.env.CHURN_DUCKDB_MEMORY;
      else process.env.CHURN_DUCKDB_MEMORY = saved;
    }
  });

  it('is read from CHURN_DUCKDB_MEMORY by the CLI, which refuses a value that is not a size in one line', () => {
    expect(memoryLimitFromEnv({ CHURN_DUCKDB_MEMORY: ' 4GB ' })).toBe('4GB');
    expect(memoryLimitFromEnv({})).toBeUndefined();
    const run = churn(['status', '--db', ':memory:'], { env: { CHURN_DUCKDB_MEMORY: 'lots' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('churn status: CHURN_DUCKDB_MEMORY must be a size such as 512MB or 4GB; got "lots"\n');
  });
});

describe('schema upgrades', () => {
  it('gives scores made before the BTYD and interval columns those columns, keeping their rows', async () => {
    const { dir, cleanup: done } = tempDir('schema-');
    try {
      const path = join(dir, 'old.duckdb');
      const old = await openDatabase(path, { schema: false });
      await old.run(
        `CREATE TABLE scores (model_id VARCHAR NOT NULL, as_of DATE NOT NULL, customer_id VARCHAR NOT NULL,
           churn_prob DOUBLE NOT NULL, risk_tier VARCHAR NOT NULL, predicted_value DOUBLE NOT NULL,
           value_tier VARCHAR NOT NULL, value_at_risk DOUBLE NOT NULL, action VARCHAR NOT NULL,
           reasons VARCHAR NOT NULL, reason_labels JSON NOT NULL);
         INSERT INTO scores VALUES ('m1', DATE '2026-01-01', 'c1', 0.4, 'medium', 10, 'low', 4, 'none', '', '[]')`,
      );
      old.close();
      const upgraded = await openDatabase(path);
      try {
        const [row] = await upgraded.all<Record<string, unknown>>(
          'SELECT customer_id, churn_low, value_high, p_alive, next_purchase, p_purchase_30, interval_level FROM scores',
        );
        expect(row).toEqual({
          customer_id: 'c1',
          churn_low: null,
          value_high: null,
          p_alive: null,
          next_purchase: null,
          p_purchase_30: null,
          interval_level: null,
        });
      } finally {
        upgraded.close();
      }
    } finally {
      done();
    }
  });
});
