// Loads a mapping file and checks it against the kind; builds the identity mapping when none is given.
import { existsSync, readFileSync } from 'node:fs';
import { UserError } from '../errors.ts';
import { BUILT_IN_ATTRIBUTES, columnsOf, DECLARED_NAME_PATTERN, EVENT_TYPES, type Kind } from '../vocabulary.ts';
import { KINDS } from './canonical-schema.ts';
import { mappingSchema, type Mapping } from './mapping-schema.ts';
import { checkTimeZone, timeParser } from './parse-time.ts';

export function identityMapping(kind: Kind): Mapping {
  return { fields: Object.fromEntries(columnsOf(kind).map((c) => [c, c])) };
}

export function loadMapping(path: string, kind: Kind): Mapping {
  if (!existsSync(path)) throw new UserError(`mapping file ${path} does not exist`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UserError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  return checkMapping(raw, kind, path);
}

export function checkMapping(raw: unknown, kind: Kind, source = 'mapping'): Mapping {
  const parsed = mappingSchema.safeParse(raw);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  if (parsed.success) {
    const m = parsed.data;
    const canonical: readonly string[] = columnsOf(kind);
    if (m.kind !== undefined && m.kind !== kind) problems.push(`kind: the mapping is for ${m.kind}, not ${kind}`);
    for (const field of Object.keys(m.fields)) {
      if (!canonical.includes(field))
        problems.push(`fields.${field}: not a ${kind} field (expected one of ${canonical.join(', ')})`);
    }
    const id = KINDS[kind].id;
    for (const field of canonical) {
      if (field === id && m.idFrom) continue;
      if (!(field in m.fields) && isRequired(kind, field)) problems.push(`fields.${field}: required, but not mapped`);
    }
    for (const field of m.idFrom ?? []) {
      if (!canonical.includes(field) || field === id) problems.push(`idFrom: ${field} is not a ${kind} field to hash`);
    }
    if (m.idFrom && id in m.fields) problems.push(`idFrom: ${id} is mapped already; give one or the other`);
    for (const [field, spec] of Object.entries(m.fields)) {
      if (typeof spec === 'string') continue;
      const zone = spec.timezone ? checkTimeZone(spec.timezone) : null;
      if (zone) problems.push(`fields.${field}.timezone: ${zone}`);
      if (spec.multiply && !MULTIPLIABLE.has(field))
        problems.push(`fields.${field}.multiply: only ${[...MULTIPLIABLE].join(', ')} can be computed as a product`);
      if (spec.format === 'integer') {
        if (TIME_FIELDS.has(field)) problems.push(`fields.${field}.format: integer is for ids and numbers, not dates`);
      } else if (spec.format !== undefined) {
        try {
          timeParser(spec.format, undefined);
        } catch (error) {
          problems.push(`fields.${field}.format: ${(error as Error).message}`);
        }
      }
    }
    problems.push(...declarationProblems(m, kind));
    const zone = m.timezone ? checkTimeZone(m.timezone) : null;
    if (zone) problems.push(`timezone: ${zone}`);
    if (m.csv?.header === false && !m.csv.columns && usesColumnNames(m)) {
      problems.push('csv.columns: a file without a header needs column names here, or fields must use column numbers');
    }
  }
  if (problems.length) throw new UserError(`${source} is invalid:\n${problems.join('\n')}`);
  return parsed.data as Mapping;
}

const TIME_FIELDS = new Set(['ts', 'signup_date']);
const MULTIPLIABLE = new Set(['amount', 'quantity', 'unit_price', 'cost', 'term_months']);

/** Declared attributes and event types: where they may appear and names that are not taken. */
function declarationProblems(m: Mapping, kind: Kind): string[] {
  const problems: string[] = [];
  const taken = new Set<string>([...columnsOf('customers'), ...BUILT_IN_ATTRIBUTES]);
  if (m.attributes && kind === 'actions')
    problems.push('attributes: customer attributes come from customers or events files');
  for (const name of [...Object.keys(m.attributes ?? {}), ...Object.keys(m.eventTypes ?? {})]) {
    if (!DECLARED_NAME_PATTERN.test(name))
      problems.push(
        `${name in (m.attributes ?? {}) ? 'attributes' : 'eventTypes'}.${name}: expected a lowercase name (a-z, 0-9 and _, starting with a letter, at most 40)`,
      );
  }
  for (const name of Object.keys(m.attributes ?? {})) {
    if (taken.has(name))
      problems.push(`attributes.${name}: the name of a customer field; map the column under fields instead, or rename`);
  }
  if (m.eventTypes && kind !== 'events') problems.push('eventTypes: event types are declared by events files');
  for (const name of Object.keys(m.eventTypes ?? {})) {
    if ((EVENT_TYPES as readonly string[]).includes(name)) problems.push(`eventTypes.${name}: a built-in type already`);
  }
  return problems;
}

const REQUIRED: Record<Kind, string[]> = {
  customers: ['customer_id', 'signup_date'],
  events: ['event_id', 'customer_id', 'ts', 'type'],
  actions: ['action_id', 'customer_id', 'ts', 'action'],
};

export function isRequired(kind: Kind, field: string): boolean {
  return REQUIRED[kind].includes(field);
}

function usesColumnNames(m: Mapping): boolean {
  return Object.values(m.fields).some((f) => typeof f === 'string' || typeof f.column === 'string');
}
