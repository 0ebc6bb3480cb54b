// The set-based generator (generate-sql.sql) for benchmark sizes: 1M customers and ~100M events
// in DuckDB, in parallel and without a row passing through JavaScript. Same seed, same rows (with
// the same DuckDB version: its hash function draws the random numbers). Not the same rows as
// generator.ts: it follows that mechanism in spirit (see the SQL file's header), for scale tests.
import { readSql, type Database } from '../db/database.ts';
import { UserError } from '../errors.ts';
import { ensureEventLinks } from '../features/event-links.ts';
import { DEFAULT_END, DEFAULT_START, type GenerateSummary } from './generator.ts';
import { recordGenerated, refuseForeign, REPLACED_HISTORY } from './provenance.ts';

const DAY_MS = 86_400_000;
const BLOCK = 100_000;

export interface SqlGenerateOptions {
  customers: number;
  seed: number;
  replace?: boolean;
  /** First day of the history (YYYY-MM-DD, default generator.ts's); it always ends on DEFAULT_END. */
  start?: string;
}

export async function generateWithSql(db: Database, options: SqlGenerateOptions): Promise<GenerateSummary> {
  const { customers, seed } = options;
  if (!Number.isSafeInteger(customers) || customers < 1) throw new UserError(`invalid customers: ${customers}`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UserError(`invalid seed: ${seed}`);
  if (startDay(options.start ?? DEFAULT_START) >= startDay(DEFAULT_END))
    throw new UserError(`invalid start: ${options.start} (the history ends on ${DEFAULT_END})`);
  const [held] = await db.all<{ n: number }>(
    'SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM events) AS n',
    {},
    'generate-sql: existing rows',
  );
  if (held.n > 0 && !options.replace)
    throw new UserError(`database ${db.path} already holds customers or events: replace them or use another database`);
  await refuseForeign(db);
  const values: Record<string, number> = {
    seed,
    customers,
    id_width: Math.max(6, String(customers).length),
    start_day: startDay(options.start ?? DEFAULT_START),
    end_day: Date.parse(DEFAULT_END) / DAY_MS + 1,
  };
  // Whole numbers only, checked above: safe to paste where DuckDB takes no parameters (macro bodies).
  const sql = readSql(import.meta.url, 'generate-sql.sql').replace(/\{\{(\w+)\}\}/g, (_, name: string) =>
    String(values[name]),
  );
  const schema = readSql(import.meta.url, '../db/schema.sql');
  const [setup, block, finish] = sql.split(/^-- @(?:block|finish)\b.*$/m);
  await db.run(setup, {}, 'generate-sql.sql (setup)');
  try {
    // Blocks of customers keep memory bounded: one statement over 1M customers ran out at 8 GB.
    for (let lo = 1; lo <= customers; lo += BLOCK) {
      await db.run(`SET VARIABLE gen_lo = ${lo}; SET VARIABLE gen_hi = ${lo + BLOCK};`, {}, 'generate-sql.sql (block)');
      await db.run(block, {}, 'generate-sql.sql (block)');
    }
    // Dropping and recreating is instant where DELETE on key-indexed tables is slow (see to-duckdb.ts).
    await db.transaction(async () => {
      await db.run(`${REPLACED_HISTORY} ${schema} ${finish}`, {}, 'generate-sql.sql (finish)');
      await recordGenerated(db, 'sql', seed);
    });
  } finally {
    await db.run('DROP TABLE IF EXISTS generate_staging', {}, 'generate-sql: drop staging').catch(() => {});
  }
  // Whoever writes events keeps what features read from them (ingest does it per load).
  await ensureEventLinks(db);
  const byType = await db.all<{ type: string; n: number }>(
    'SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY type',
    {},
    'generate-sql: counts',
  );
  return {
    customers,
    events: byType.reduce((s, r) => s + r.n, 0),
    byType: Object.fromEntries(byType.map((r) => [r.type, r.n])),
  };
}

function startDay(date: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(date) : NaN;
  if (!Number.isFinite(ms)) throw new UserError(`invalid start: ${date}`);
  return ms / DAY_MS;
}
