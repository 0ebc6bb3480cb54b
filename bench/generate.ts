// Generates a preset's synthetic history straight into a DuckDB file, as `churn demo` does: the
// generator streams rows through DuckDB's Appender (no files, no row objects kept), then one bulk
// insert builds the customers key index. Run by bench/pipeline.ts as its own process, to time it alone.
// With 'sql' the set-based generator (pipeline/generate/generate-sql.sql), for 1M customers; its
// history starts on START, by default the `generateStart` of the preset of that size and generator
// (bench/pipeline.ts passes only size and generator).
// Usage: npx tsx bench/generate.ts DB CUSTOMERS SEED [js|sql] [START]   (prints the summary as JSON on stdout)
import { openDatabase } from '../pipeline/db/database.ts';
import { generateWithSql } from '../pipeline/generate/sql-generator.ts';
import { generateIntoDatabase } from '../pipeline/generate/to-duckdb.ts';
import { PRESETS } from './presets.ts';

async function main(): Promise<void> {
  const [path, customers, seed, generator = 'js', start] = process.argv.slice(2);
  if (generator !== 'js' && generator !== 'sql') throw new Error(`invalid generator: ${generator} (js or sql)`);
  const options = { customers: Number(customers), seed: Number(seed), replace: true };
  const preset = Object.values(PRESETS).find((p) => p.customers === options.customers && p.generator === generator);
  const db = await openDatabase(path);
  try {
    const began = performance.now();
    const summary = generator === 'sql'
      ? await generateWithSql(db, { ...options, start: start ?? preset?.generateStart })
      : await generateIntoDatabase(db, options);
    process.stdout.write(JSON.stringify({ ...summary, seconds: (performance.now() - began) / 1000 }) + '\n');
  } finally {
    db.close();
  }
}

await main();
