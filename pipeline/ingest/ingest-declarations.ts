// What a mapping declares (customer attributes, event types), checked against what the database
// already holds before a load and recorded with it, in its transaction.
import {
  attributeDeclarations,
  declareAttribute,
  declareEventType,
  eventTypeDeclarations,
  labelFromName,
} from '../db/declarations.ts';
import type { Database } from '../db/database.ts';
import { InputError } from '../errors.ts';
import type { Mapping } from './mapping-schema.ts';

/** The event types a row of this load may hold: built-in, stored declarations and the mapping's. */
export async function knownEventTypes(db: Database, mapping: Mapping): Promise<Set<string>> {
  const stored = await eventTypeDeclarations(db);
  return new Set([...stored.map((t) => t.type), ...Object.keys(mapping.eventTypes ?? {})]);
}

/** An attribute keeps the kind it was first declared with: a file saying otherwise loads nothing. */
export async function checkAttributeKinds(db: Database, mapping: Mapping, path: string): Promise<void> {
  const stored = new Map((await attributeDeclarations(db)).map((a) => [a.name, a.kind]));
  for (const [name, spec] of Object.entries(mapping.attributes ?? {})) {
    const kind = stored.get(name);
    if (kind !== undefined && kind !== spec.kind) {
      throw new InputError(
        path,
        `attributes.${name} is declared ${spec.kind}, but the database holds ${name} as ${kind} (declared by an earlier file): keep ${kind} or use another name`,
      );
    }
  }
}

/** Records the mapping's declarations (inside the load's transaction). */
export async function recordDeclarations(db: Database, mapping: Mapping): Promise<void> {
  for (const [name, spec] of Object.entries(mapping.attributes ?? {})) {
    const en = spec.label?.en ?? labelFromName(name);
    await declareAttribute(db, { name, kind: spec.kind, label: { en, 'zh-CN': spec.label?.['zh-CN'] ?? en } });
  }
  for (const [type, spec] of Object.entries(mapping.eventTypes ?? {})) {
    await declareEventType(db, { type, label: { en: spec.label.en, 'zh-CN': spec.label['zh-CN'] ?? spec.label.en } });
  }
}
