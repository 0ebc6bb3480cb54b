// Whether a database holds anything the synthetic generator did not write: files loaded by
// `churn ingest`, actions (other than a simulation's), or customers and events other than the history recorded in
// `generated_history` (db/schema.sql). The generators and `churn demo` replace a history only when
// there is nothing of the kind: never a user's data.
import type { Database } from '../db/database.ts';
import { systemClock, type Clock } from '../clock.ts';

import { UserError } from '../errors.ts';

/**
 * The statements that clear a generated history before the generator writes a new one (schema.sql
 * recreates the tables after): its customers, their declared attributes and its events.
 */
export const REPLACED_HISTORY =
  'DROP TABLE IF EXISTS events; DROP TABLE IF EXISTS customers; DROP TABLE IF EXISTS customer_attributes; ' +
  'DROP TABLE IF EXISTS attribute_declarations; DROP TABLE IF EXISTS event_type_declarations;';

/** What in `db` the generator did not write, in words (for an error message); null when nothing. */
export async function foreignData(db: Database): Promise<string | null> {
  // Read-only opens do not create missing tables: an older or foreign database may lack some.
  const tables = new Set(
    (
      await db.all<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main'",
        {},
        'provenance: tables',
      )
    ).map((r) => r.name),
  );
  const count = async (table: string) =>
    tables.has(table)
      ? (await db.all<{ n: number }>(`SELECT count(*) AS n FROM ${table}`, {}, `provenance: count ${table}`))[0].n
      : 0;
  const customers = await count('customers');
  const events = await count('events');
  const loads = await count('ingest_log');
  // Actions `churn demo --campaigns` simulated (recorded in simulation_outcomes) are the demo's own.
  const actions = tables.has('simulation_outcomes')
    ? (
        await db.all<{ n: number }>(
          'SELECT count(*) AS n FROM actions WHERE action_id NOT IN (SELECT action_id FROM simulation_outcomes)',
          {},
          'provenance: actions',
        )
      )[0].n
    : await count('actions');
  const [generated] = tables.has('generated_history')
    ? await db.all<{ customers: number; events: number }>(
        'SELECT customers, events FROM generated_history ORDER BY generated_at DESC LIMIT 1',
        {},
        'provenance: generated',
      )
    : [];
  const n = (v: number) => v.toLocaleString('en');
  const found: string[] = [];
  if ((customers > 0 || events > 0) && !(generated?.customers === customers && generated.events === events)) {
    found.push(`${n(customers)} customers and ${n(events)} events that the generator did not write`);
  }
  if (loads > 0) found.push(`${n(loads)} file${loads === 1 ? '' : 's'} loaded by \`churn ingest\``);
  if (actions > 0) found.push(`${n(actions)} action${actions === 1 ? '' : 's'}`);
  return found.length ? found.join(', ') : null;
}

/** Refuses to write into a database holding data the generator did not write (a user's). */
export async function refuseForeign(db: Database): Promise<void> {
  const foreign = await foreignData(db);
  if (foreign !== null)
    throw new UserError(
      `database ${db.path} holds ${foreign}: the generator does not write into it; use another database`,
    );
}

/** Records that the generator wrote the history now in `customers` and `events` (in the caller's transaction). */
export async function recordGenerated(
  db: Database,
  generator: 'js' | 'sql' | 'subscription',
  seed: number,
  now: Clock = systemClock,
): Promise<void> {
  await db.run(
    `DELETE FROM generated_history;
     INSERT INTO generated_history
       SELECT CAST($now AS TIMESTAMP), $generator, $seed, (SELECT count(*) FROM customers), (SELECT count(*) FROM events);`,
    { generator, seed, now: now().toISOString() },
    'generate: record the generated history',
  );
}
