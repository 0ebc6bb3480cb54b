// Digests of what a run produced, to check that a change to the code leaves the outputs
// byte-identical (issue 17: the same demo run before and after a reshaping).
//
//   npx tsx bench/output-digest.ts DB_PATH [EXPORTS_DIR]
//
// Prints one line per table of the database (rows and a sha256 of its rows in a fixed order) and per
// file of the exports directory (default: `exports/` beside the database). Columns that hold the
// wall-clock time of a run (`*_at` timestamps, durations) are left out: they differ between any two
// runs. Compare two runs with `diff`.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openDatabase } from '../pipeline/db/database.ts';

const CLOCK_COLUMN = /(^seconds$|_at$|_seconds$|_ms$|^duration|^elapsed)/;

const [dbPath, exportsArg] = process.argv.slice(2);
if (!dbPath) {
  process.stderr.write('usage: npx tsx bench/output-digest.ts DB_PATH [EXPORTS_DIR]\n');
  process.exit(2);
}
const db = await openDatabase(dbPath, { readOnly: true });
const tables = await db.all<{ name: string }>(
  `SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY table_name`,
);
for (const { name } of tables) {
  const columns = await db.all<{ column_name: string }>(
    `SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $t ORDER BY column_index`,
    { t: name },
  );
  const kept = columns.map((c) => c.column_name).filter((c) => !CLOCK_COLUMN.test(c));
  if (kept.length === 0) continue;
  const list = kept.map((c) => `"${c.replaceAll('"', '""')}"`).join(', ');
  const hash = createHash('sha256');
  let rows = 0;
  for await (const batch of db.stream(`SELECT ${list} FROM "${name}" ORDER BY ALL`)) {
    for (const row of batch.rows) {
      hash.update(JSON.stringify(row, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
      hash.update('\n');
      rows++;
    }
  }
  const dropped = columns.length - kept.length;
  process.stdout.write(
    `table ${name}\t${rows} rows\t${hash.digest('hex').slice(0, 16)}${dropped ? `\t(${dropped} clock columns left out)` : ''}\n`,
  );
}
await db.close();

const exportsDir = exportsArg ?? join(dirname(dbPath), 'exports');
if (existsSync(exportsDir)) {
  for (const file of readdirSync(exportsDir).sort()) {
    const path = join(exportsDir, file);
    if (!statSync(path).isFile()) continue;
    process.stdout.write(
      `file ${file}\t${createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16)}\n`,
    );
  }
}
