// The event types a churn definition counts must be ones the history can hold: the built-in types or
// a type some load actually stored. A misspelt type would otherwise label every customer churned
// (no_activity) or none (event), silently.
import { churnEventTypes, type ChurnConfig } from '../config/churn-definition.ts';
import type { Database } from '../db/database.ts';
import { UserError } from '../errors.ts';
import { EVENT_TYPES } from '../vocabulary.ts';

export async function checkChurnTypes(db: Database, churn: ChurnConfig): Promise<void> {
  const wanted = churnEventTypes(churn);
  const builtIn = new Set<string>(EVENT_TYPES);
  if (wanted.every((t) => builtIn.has(t))) return;
  const rows = await db.all<{ type: string }>('SELECT DISTINCT type FROM events', {}, 'events (types)');
  const known = [...new Set([...EVENT_TYPES, ...rows.map((r) => r.type)])].sort();
  const unknown = wanted.filter((t) => !known.includes(t));
  if (unknown.length)
    throw new UserError(
      `config churn.eventTypes: unknown event type${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; known types: ${known.join(', ')}`,
    );
}
