// Keeps event_links (event-links.sql) equal to the events it is derived from: features rebuild it
// when it is stale, ingest rewrites the rows a load's events change inside the load's transaction.
import { createHash } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { readSql } from '../db/database.ts';
import { readNamedSql } from '../db/named-sql.ts';
import { testPoint } from '../test-pause.ts';

export const eventLinksSql = () => readSql(import.meta.url, 'event-links.sql');
const sql = () => readNamedSql(import.meta.url, 'event-links.sql');
const version = () => createHash('sha256').update(eventLinksSql()).digest('hex').slice(0, 16);

/**
 * Whether event_links holds exactly what a full build makes of the events now. Loads only append (as
 * snapshot-state.sql assumes), so the number of events it was built from tells; a database that
 * never had links is current only while it has no events.
 */
export async function eventLinksCurrent(db: Database): Promise<boolean> {
  await db.run(sql().create, {}, 'event-links.sql create');
  const [row] = await db.all<{ built_from: number; version: string | null; events: number; empty: boolean }>(
    sql().state,
    {},
    'event links (state)',
  );
  if (row.version === null) return row.events === 0 && row.empty;
  return row.version === version() && row.built_from === row.events;
}

/** Rebuilds event_links from the events when it is stale (a database made before it existed, events written by another route). */
export async function ensureEventLinks(db: Database): Promise<void> {
  if (!(await eventLinksCurrent(db))) await rebuildEventLinks(db);
}

/**
 * Rebuilds event_links from all the events. The caller's transaction, if any, covers it; without one,
 * a rebuild stopped half way leaves the state forgotten, so the next use rebuilds again.
 */
export async function rebuildEventLinks(db: Database): Promise<void> {
  const q = sql();
  await db.run(q.forget, {}, 'event-links.sql forget');
  await db.run(q.drop, {}, 'event-links.sql drop');
  await db.run(q.create, {}, 'event-links.sql create');
  await db.run(q.everything, {}, 'event-links.sql everything');
  await build(db);
  await db.run(q.done_everything, {}, 'event-links.sql done');
  await db.run(q.record, { version: version() }, 'event-links.sql record');
}

/**
 * After events were added (ingest, inside its transaction, to links that were current): rewrites the
 * rows their links change, from the earliest added event of each customer and type on. `added` names
 * a table or view, chosen by the code, with the added events' customer_id, type, ts (TIMESTAMP),
 * amount, score, order_id and survey_scale.
 */
export async function addToEventLinks(db: Database, added: string): Promise<void> {
  const q = sql();
  await db.run(q.forget, {}, 'event-links.sql forget');
  await db.run(q.pairs.replaceAll('{added}', added), {}, 'event-links.sql pairs');
  await db.run(q.gather.replaceAll('{added}', added), {}, 'event-links.sql gather');
  await db.run(q.clear, {}, 'event-links.sql clear');
  testPoint('event-links'); // the changed customers' links are cleared, not yet rebuilt
  await build(db);
  await db.run(q.done_added, {}, 'event-links.sql done');
  await db.run(q.record, { version: version() }, 'event-links.sql record');
}

/** Inserts the rows built from _link_source: purchases, logins, then the other types. */
async function build(db: Database): Promise<void> {
  const q = sql();
  await db.run(q.build_purchases, {}, 'event-links.sql build_purchases');
  await db.run(q.build_logins, {}, 'event-links.sql build_logins');
  await db.run(q.build_others, {}, 'event-links.sql build_others');
}
