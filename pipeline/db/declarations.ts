// The customer attributes and event types a database has been told about: the built-in ones
// (region, channel and plan are columns of customers; the vocabulary's event types) and those that
// ingested mappings declared. Features, reasons, the report and the export all read them from here.
import { ATTRIBUTE_LABELS, BUILT_IN_ATTRIBUTES, EVENT_TYPE_LABELS, EVENT_TYPES, type Labels } from '../vocabulary.ts';
import type { Database } from './database.ts';
import { readNamedSql } from './named-sql.ts';

export type AttributeKind = 'categorical' | 'numeric';

export interface AttributeDeclaration {
  name: string;
  kind: AttributeKind;
  label: { en: string; 'zh-CN': string };
  /** region, channel and plan: columns of customers rather than rows of customer_attributes. */
  builtIn: boolean;
}

export interface EventTypeDeclaration {
  type: string;
  label: { en: string; 'zh-CN': string };
  builtIn: boolean;
}

const SQL = () => readNamedSql(import.meta.url, 'declarations.sql');

/** A readable label from a declared name: `coupon_redeemed` -> `Coupon redeemed`. */
export function labelFromName(name: string): string {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Every attribute: the built-in three first, then the declared ones by name. */
export async function attributeDeclarations(db: Database): Promise<AttributeDeclaration[]> {
  const rows = (await hasTable(db, 'attribute_declarations'))
    ? await db.all<{ name: string; kind: AttributeKind; label_en: string; label_zh: string }>(
        SQL().attributes,
        {},
        'declarations.sql attributes',
      )
    : [];
  return [
    ...BUILT_IN_ATTRIBUTES.map((name) => ({
      name,
      kind: 'categorical' as const,
      label: ATTRIBUTE_LABELS[name],
      builtIn: true,
    })),
    ...rows.map((r) => ({
      name: r.name,
      kind: r.kind,
      label: { en: r.label_en, 'zh-CN': r.label_zh },
      builtIn: false,
    })),
  ];
}

/** Every event type: the built-in ones in the vocabulary's order, then the declared ones by name. */
export async function eventTypeDeclarations(db: Database): Promise<EventTypeDeclaration[]> {
  const rows = (await hasTable(db, 'event_type_declarations'))
    ? await db.all<{ type: string; label_en: string; label_zh: string }>(
        SQL().event_types,
        {},
        'declarations.sql event_types',
      )
    : [];
  return [
    ...EVENT_TYPES.map((type) => ({ type, label: EVENT_TYPE_LABELS[type], builtIn: true })),
    ...rows.map((r) => ({ type: r.type, label: { en: r.label_en, 'zh-CN': r.label_zh }, builtIn: false })),
  ];
}

/** The declared (not built-in) event types' labels, as a vocabulary table. */
export function eventTypeLabels(types: readonly EventTypeDeclaration[]): Labels {
  return Object.fromEntries(types.map((t) => [t.type, t.label]));
}

export async function declareAttribute(db: Database, a: Omit<AttributeDeclaration, 'builtIn'>): Promise<void> {
  await db.run(
    SQL().declare_attribute,
    { name: a.name, kind: a.kind, label_en: a.label.en, label_zh: a.label['zh-CN'] },
    'declarations.sql declare_attribute',
  );
}

export async function declareEventType(db: Database, t: Omit<EventTypeDeclaration, 'builtIn'>): Promise<void> {
  await db.run(
    SQL().declare_event_type,
    { type: t.type, label_en: t.label.en, label_zh: t.label['zh-CN'] },
    'declarations.sql declare_event_type',
  );
}

// Read-only opens of older databases do not create missing tables.
async function hasTable(db: Database, name: string): Promise<boolean> {
  const [row] = await db.all<{ n: number }>(
    "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'main' AND table_name = $name",
    { name },
    'declarations (tables)',
  );
  return row.n > 0;
}
