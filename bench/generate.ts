// Generates a preset's synthetic history straight into a DuckDB file, as `churn demo` does: the
// generator streams rows through DuckDB's Appender (no files, no row objects kept), then one bulk
// insert builds the key indexes. Run by bench/pipeline.ts as its own process, to time it alone.
// With 'sql' the set-based generator (pipeline/generate/generate-sql.sql), for 1M customers.
// 'sql-nokey' creates events without its primary key (see sql-generator.ts).
// Usage: npx tsx bench/generate.ts DB CUSTOMERS SEED [js|sql|sql-nokey]   (prints the summary as JSON on stdout)
import { openDatabase } from '../pipeline/db/database.ts';
import { generateWithSql } from '../pipeline/generate/sql-generator.ts';
import { generateIntoDatabase } from '../pipeline/generate/to-duckdb.ts';

async function main(): Promise<void> {
  const [path, customers, seed, generator = 'js'] = process.argv.slice(2);
  const db = await openDatabase(path);
  try {
    const start = performance.now();
    const options = { customers: Number(customers), seed: Number(seed), replace: true };
    const summary = generator.startsWith('sql')
      ? await generateWithSql(db, { ...options, withoutEventKey: generator === 'sql-nokey' })
      : await generateIntoDatabase(db, options);
    process.stdout.write(JSON.stringify({ ...summary, seconds: (performance.now() - start) / 1000 }) + '\n');
  } finally {
    db.close();
  }
}

await main();
