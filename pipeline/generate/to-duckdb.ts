// Streams the synthetic history into the `customers` and `events` tables.
// Rows are appended (DuckDB Appender, the fast path) into unindexed staging tables, then moved into
// place in one transaction: a failed or interrupted load leaves the tables as they were, and the
// customers key index is built in one bulk INSERT instead of chunk by chunk.
// Events arrive from the generator in time order and keep it: DuckDB preserves insertion order, and
// feature queries run faster over time-sorted events (PLATFORM.md).
// Replacing drops and recreates the two tables (from db/schema.sql) instead of deleting their rows:
// DELETE on a primary-key table is slow (bench/RESULTS.md), a DROP is instant.

import { DuckDBDateValue } from '@duckdb/node-api';
import { readSql, type Database } from '../db/database.ts';
import { ensureEventLinks } from '../features/event-links.ts';
import { UserError } from '../errors.ts';
import { silentLogger, type Logger } from '../log.ts';
import { generateHistory, type GenerateOptions, type GenerateSummary } from './generator.ts';
import { appendEventColumns, appendNumber, appendText, closeAppenders } from './append-values.ts';
import type { Business } from './businesses.ts';
import {
  appendSubscription,
  declareSubscriptionAttributes,
  SUBSCRIPTION_DROP,
  SUBSCRIPTION_MOVE,
  SUBSCRIPTION_STAGING,
} from './subscription-to-duckdb.ts';
import { recordGenerated, refuseForeign, REPLACED_HISTORY } from './provenance.ts';

export interface IntoDatabaseOptions extends GenerateOptions {
  /**
   * Replace a history the generator wrote before instead of refusing. Data from anywhere else
   * (provenance.ts) is never replaced.
   */
  replace?: boolean;
  /** What kind of business to make (default retail: generator.ts). */
  business?: Business;
}

const DAY_MS = 86_400_000;

/**
 * Generates a history into `customers` and `events` and records it in `generated_history`. Refuses
 * (UserError) when they hold data, unless `replace` is set and the data is the generator's own.
 * Other tables (scores, models, ...) are left alone.
 */
export async function generateIntoDatabase(
  db: Database,
  options: IntoDatabaseOptions,
  logger: Logger = silentLogger,
): Promise<GenerateSummary> {
  const [held] = await db.all<{ customers: number; events: number }>(
    'SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM events) AS events',
    {},
    'generate: count existing rows',
  );
  const holdsData = held.customers > 0 || held.events > 0;
  if (holdsData && !options.replace) {
    throw new UserError(
      `database ${db.path} already holds ${held.customers} customers and ${held.events} events: replace them or use another database`,
    );
  }
  await refuseForeign(db);

  // Staging tables copy the column types of the real ones; ts is kept as epoch milliseconds because
  // appending a DOUBLE is much cheaper than building a TIMESTAMP value per row.
  const subscription = options.business === 'subscription';
  await db.run(
    subscription
      ? SUBSCRIPTION_STAGING
      : `CREATE OR REPLACE TEMP TABLE generate_customers AS SELECT * FROM customers LIMIT 0;
     CREATE OR REPLACE TEMP TABLE generate_events AS
       SELECT event_id, customer_id, CAST(NULL AS DOUBLE) AS ts, type, amount, score, channel, text FROM events LIMIT 0;`,
    {},
    'generate: staging tables',
  );
  try {
    const summary = subscription
      ? await appendSubscriptionWithProgress(db, options, logger)
      : await append(db, options, logger);
    await db.transaction(async () => {
      await db.run(
        `${holdsData ? `${REPLACED_HISTORY} ${readSql(import.meta.url, '../db/schema.sql')}` : ''}
         ${
           subscription
             ? SUBSCRIPTION_MOVE
             : `INSERT INTO customers SELECT * FROM generate_customers;
         INSERT INTO events BY NAME SELECT * REPLACE (epoch_ms(CAST(ts AS BIGINT)) AS ts) FROM generate_events;`
         }`,
        {},
        'generate: move rows into place',
      );
      if (subscription) await declareSubscriptionAttributes(db);
      await recordGenerated(db, subscription ? 'subscription' : 'js', options.seed);
    });
    // Whoever writes events keeps what features read from them (ingest does it per load).
    await ensureEventLinks(db);
    return summary;
  } catch (error) {
    await db.run('ROLLBACK', {}, 'generate: rollback').catch(() => {});
    throw error;
  } finally {
    // Temporary tables vanish with the connection anyway: a failure here must not hide the result.
    await db
      .run(
        `DROP TABLE IF EXISTS generate_customers; DROP TABLE IF EXISTS generate_events; ${SUBSCRIPTION_DROP}`,
        {},
        'generate: drop staging',
      )
      .catch(() => {});
  }
}

async function appendSubscriptionWithProgress(
  db: Database,
  options: GenerateOptions,
  logger: Logger,
): Promise<GenerateSummary> {
  const progress = logger.progress('generating', 1);
  try {
    return await appendSubscription(db, options, (share) => progress.tick(share));
  } finally {
    progress.done();
  }
}

async function append(db: Database, options: GenerateOptions, logger: Logger): Promise<GenerateSummary> {
  const customers = await db.appender('generate_customers');
  const events = await db.appender('generate_events');
  const progress = logger.progress('generating', 1);
  let completed = false;
  try {
    const summary = generateHistory(options, {
      customer(c) {
        customers.appendVarchar(c.customer_id);
        customers.appendDate(new DuckDBDateValue(Date.parse(c.signup_date) / DAY_MS));
        customers.appendVarchar(c.region);
        customers.appendVarchar(c.channel);
        customers.appendVarchar(c.plan);
        appendText(customers, c.name);
        appendText(customers, c.email);
        appendText(customers, c.phone);
        customers.endRow();
      },
      event(e) {
        appendEventColumns(events, e);
        events.endRow();
      },
      progress: (done, total) => progress.tick(done / total),
    });
    completed = true;
    return summary;
  } finally {
    progress.done();
    closeAppenders([customers, events], completed);
  }
}
