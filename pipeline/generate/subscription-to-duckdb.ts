// The subscription generator's part of the database load (to-duckdb.ts runs the load): its staging
// tables (events with plan and term_months, the declared attributes' values), the appends, and the
// move into place, where events are sorted by time (the generator writes them customer by customer)
// and the attributes are declared as an ingest mapping would declare them.
import { DuckDBDateValue } from '@duckdb/node-api';
import type { Database } from '../db/database.ts';
import { appendEventColumns, appendNumber as number, appendText as text, closeAppenders } from './append-values.ts';
import { declareAttribute } from '../db/declarations.ts';
import type { GenerateOptions, GenerateSummary } from './generator.ts';
import { DAY_MS } from './generator.ts';
import { generateSubscriptionHistory } from './subscription-generator.ts';
import { SUBSCRIPTION_ATTRIBUTES } from './subscription-profile.ts';

export const SUBSCRIPTION_STAGING = `CREATE OR REPLACE TEMP TABLE generate_customers AS SELECT * FROM customers LIMIT 0;
  CREATE OR REPLACE TEMP TABLE generate_events AS
    SELECT event_id, customer_id, CAST(NULL AS DOUBLE) AS ts, type, amount, score, channel, text, plan, term_months
    FROM events LIMIT 0;
  CREATE OR REPLACE TEMP TABLE generate_attributes AS SELECT * FROM customer_attributes LIMIT 0;`;

export const SUBSCRIPTION_MOVE = `INSERT INTO customers SELECT * FROM generate_customers;
  INSERT INTO events BY NAME
    SELECT * REPLACE (epoch_ms(CAST(ts AS BIGINT)) AS ts) FROM generate_events ORDER BY ts, event_id;
  INSERT INTO customer_attributes SELECT * FROM generate_attributes;`;

export const SUBSCRIPTION_DROP = 'DROP TABLE IF EXISTS generate_attributes;';

/** Declares the generator's attributes (in the caller's transaction, after SUBSCRIPTION_MOVE). */
export async function declareSubscriptionAttributes(db: Database): Promise<void> {
  for (const a of SUBSCRIPTION_ATTRIBUTES) await declareAttribute(db, a);
}

/** Streams the subscription history into the staging tables. */
export async function appendSubscription(
  db: Database,
  options: GenerateOptions,
  progress: (share: number) => void,
): Promise<GenerateSummary> {
  const customers = await db.appender('generate_customers');
  const attributes = await db.appender('generate_attributes');
  const events = await db.appender('generate_events');
  let completed = false;
  try {
    const summary = generateSubscriptionHistory(options, {
      customer(c) {
        customers.appendVarchar(c.customer_id);
        customers.appendDate(new DuckDBDateValue(Date.parse(c.signup_date) / DAY_MS));
        for (const v of [c.region, c.channel, c.plan, c.name, c.email, c.phone]) text(customers, v);
        customers.endRow();
      },
      attribute(a) {
        attributes.appendVarchar(a.customer_id);
        attributes.appendVarchar(a.name);
        text(attributes, a.value);
        number(attributes, a.number);
        attributes.endRow();
      },
      event(e) {
        appendEventColumns(events, e);
        text(events, e.plan);
        number(events, e.term_months);
        events.endRow();
      },
      progress: (done, total) => progress(done / total),
    });
    completed = true;
    return summary;
  } finally {
    closeAppenders([customers, attributes, events], completed);
  }
}
