// Generates a preset's synthetic history straight into a DuckDB file, as `churn demo` does: the
// generator streams rows through DuckDB's Appender (no files, no row objects kept), then one bulk
// insert builds the customers key index. Run by bench/pipeline.ts as its own process, to time it alone.
// With 'sql' the set-based generator (pipeline/generate/generate-sql.sql), for 1M customers; its
// history starts on START, by default the `generateStart` of the preset of that size and generator
// (bench/pipeline.ts passes only size and generator).
// Usage: npx tsx bench/generate.ts DB CUSTOMERS SEED [js|sql] [START]   (prints the summary as JSON on stdout)
import { memoryLimitFromEnv } from '../pipeline/cli/options.ts';
import { openDatabase } from '../pipeline/db/database.ts';
import { generateWithSql } from '../pipeline/generate/sql-generator.ts';
import { generateIntoDatabase } from '../pipeline/generate/to-duckdb.ts';
import { stopwatch } from '../pipeline/timer.ts';
import { PRESETS } from './presets.ts';

async function main(): Promise<void> {
  const [path, customers, seed, generator = 'js', start] = process.argv.slice(2);
  if (generator !== 'js' && generator !== 'sql') throw new Error(`invalid generator: ${generator} (js or sql)`);
  const options = { customers: Number(customers), seed: Number(seed), replace: true };
  const preset = Object.values(PRESETS).find((p) => p.customers === options.customers && p.generator === generator);
  // CHURN_DUCKDB_MEMORY as the CLI reads it (bench/pipeline.ts sets it per preset).
  const db = await openDatabase(path, { memoryLimit: memoryLimitFromEnv(process.env) });
  try {
    const elapsed = stopwatch();
    const summary =
      generator === 'sql'
        ? await generateWithSql(db, { ...options, start: start ?? preset?.generateStart })
        : await generateIntoDatabase(db, options);
    process.stdout.write(JSON.stringify({ ...summary, seconds: elapsed() }) + '\n');
  } finally {
    db.close();
  }
}

await main();
