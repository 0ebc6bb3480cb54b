// Turns one source record into a canonical row, or into a rejection with a reason code: the mapping
// (columns, constants, value maps, scales, date formats and zones, hashed ids) is applied first, then
// the kind's zod schema and the cross-field rules.
import { createHash } from 'node:crypto';
import { InputError } from '../errors.ts';
import type { Kind } from '../vocabulary.ts';
import {
  crossFieldRejection,
  KINDS,
  type CanonicalRow,
  type EventRow,
  type ValidationContext,
} from './canonical-schema.ts';
import { isRequired } from './mapping.ts';
import type { AttributeMapping, FieldMapping, Mapping } from './mapping-schema.ts';
import { formatTimestamp, timeParser, type TimeParser } from './parse-time.ts';
import type { RejectReason, Rejection } from './reject-reasons.ts';
import type { SourceRecord } from './sources/source.ts';

/** A declared customer attribute's value on one row (`value` for categorical, `number` for numeric). */
export interface AttributeValue {
  name: string;
  value: string | null;
  number: number | null;
}

export type MapResult =
  | { ok: true; row: CanonicalRow; idBase: string | null; attributes: AttributeValue[] }
  | { ok: false; rejection: Rejection };

interface FieldPlan {
  field: string;
  index: number | null;
  /** multiply: the product of these columns. */
  factors: number[] | null;
  constant: string | null;
  defaultValue: string | null;
  values: Map<string, string> | null;
  prefixes: [string, string][] | null;
  otherwise: string | null;
  scale: number | null;
  integer: boolean;
  time: TimeParser | null;
  dateOnly: boolean;
}

const TIME_FIELDS = new Set(['ts']);
const DATE_FIELDS = new Set(['signup_date']);

export function createRowMapper(
  kind: Kind,
  mapping: Mapping,
  columns: string[] | null,
  file: string,
  context: ValidationContext,
  options: { identity: boolean },
): (record: SourceRecord) => MapResult {
  const plans = planFields(kind, mapping, columns, file, options.identity);
  const attributes = planAttributes(mapping, columns, file);
  const { schema } = KINDS[kind];
  const idField = KINDS[kind].id;
  const expectedFields = columns?.length ?? null;
  const fieldNames = Object.keys(KINDS[kind].fields);
  return (record) => {
    if (record.error) return reject('malformed_row', record.error);
    if (expectedFields !== null && record.fields.length !== expectedFields) {
      return reject('wrong_field_count', `expected ${expectedFields} fields, found ${record.fields.length}`);
    }
    // Unmapped fields are empty; the schema decides whether that is allowed.
    const input: Record<string, string> = {};
    for (const name of fieldNames) input[name] = '';
    for (const plan of plans) {
      const value = mapValue(plan, record);
      if (typeof value !== 'string') return { ok: false, rejection: value };
      input[plan.field] = value;
    }
    // An order line without an amount of its own costs quantity x unit price.
    if (kind === 'events' && input.amount === '' && input.quantity !== '' && input.unit_price !== '') {
      const amount = product([input.quantity, input.unit_price]);
      if (amount !== null) input.amount = amount;
    }
    const attributeValues: AttributeValue[] = [];
    for (const plan of attributes) {
      const value = attributeValue(plan, record);
      if (value === null) continue;
      if ('reason' in value) return { ok: false, rejection: value };
      attributeValues.push(value);
    }
    let idBase: string | null = null;
    if (mapping.idFrom) {
      const hash = createHash('sha1');
      for (const f of mapping.idFrom) hash.update(input[f] ?? '').update('\u0001');
      idBase = `h${hash.digest('hex').slice(0, 20)}`;
      input[idField] = idBase;
    }
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue.path[0] ?? '');
      const reason = ((issue as { params?: { reason?: RejectReason } }).params?.reason ??
        (field === 'customer_id' ? 'missing_customer_id' : 'missing_required')) as RejectReason;
      return reject(reason, `${field}: ${issue.message}`);
    }
    const row = parsed.data as CanonicalRow;
    // A purchase line with a negative quantity is a cancellation: a refund of its order.
    const line = row as EventRow;
    if (kind === 'events' && line.type === 'purchase' && line.quantity !== null && line.quantity < 0)
      line.type = 'refund';
    const cross = crossFieldRejection(kind, row, context);
    if (cross) return { ok: false, rejection: cross };
    return { ok: true, row, idBase, attributes: attributeValues };
  };
}

/** The product of numbers written as text, rounded to 6 decimals (3 x 1.1 is 3.3, not 3.3000000000000003); null if one is not a number. */
function product(values: string[]): string | null {
  let result = 1;
  for (const v of values) {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) return null;
    result *= n;
  }
  return String(Math.round(result * 1e6) / 1e6);
}

function reject(reason: RejectReason, message: string): MapResult {
  return { ok: false, rejection: { reason, message } };
}

function mapValue(plan: FieldPlan, record: SourceRecord): string | Rejection {
  if (plan.factors) return multiplied(plan, record);
  let value = plan.constant ?? (plan.index === null ? '' : (record.fields[plan.index] ?? '')).trim();
  if (value === '' && plan.defaultValue !== null) value = plan.defaultValue;
  if (value === '') return '';
  if (plan.integer) {
    const whole = wholeNumber(value);
    if (whole === null)
      return { reason: 'bad_value', message: `${plan.field}: expected a whole number, got "${value}"` };
    value = whole;
  }
  if (plan.prefixes) {
    const hit = plan.prefixes.find(([prefix]) => value.startsWith(prefix));
    if (hit) value = hit[1];
    else if (plan.otherwise !== null) value = plan.otherwise;
  } else if (plan.otherwise !== null && !plan.values?.has(value)) value = plan.otherwise;
  if (plan.values) value = plan.values.get(value) ?? plan.values.get(value.toLowerCase()) ?? value;
  if (plan.scale !== null) {
    const n = Number(value);
    if (Number.isFinite(n) && value !== '') value = String(Math.round(n * plan.scale * 1e6) / 1e6);
  }
  if (plan.time) {
    const ms = plan.time(value);
    if (ms === null) {
      return plan.dateOnly
        ? { reason: 'bad_date', message: `${plan.field}: cannot read "${value}" as a date` }
        : { reason: 'bad_timestamp', message: `${plan.field}: cannot read "${value}" as a timestamp` };
    }
    value = plan.dateOnly ? formatTimestamp(ms).slice(0, 10) : String(ms);
  }
  return value;
}

function multiplied(plan: FieldPlan, record: SourceRecord): string | Rejection {
  const values = plan.factors!.map((i) => (record.fields[i] ?? '').trim());
  if (values.every((v) => v === '')) return plan.defaultValue ?? '';
  const result = product(values);
  if (result === null)
    return {
      reason: 'bad_number',
      message: `${plan.field}: not numbers to multiply: ${values.map((v) => `"${v}"`).join(' x ')}`,
    };
  return plan.scale === null ? result : String(Math.round(Number(result) * plan.scale * 1e6) / 1e6);
}

/** "17850.0" -> "17850" (ids exported as decimals); null when it is not a whole number. */
function wholeNumber(value: string): string | null {
  if (!/^[+-]?\d+(\.0*)?$/.test(value)) return null;
  return value
    .replace(/^\+/, '')
    .replace(/\.0*$/, '')
    .replace(/^(-?)0+(?=\d)/, '$1');
}

function planFields(
  kind: Kind,
  mapping: Mapping,
  columns: string[] | null,
  file: string,
  identity: boolean,
): FieldPlan[] {
  const plans: FieldPlan[] = [];
  const lookup = columns ? columnLookup(columns) : null;
  for (const field of Object.keys(KINDS[kind].fields)) {
    const spec: FieldMapping | undefined = mapping.fields[field];
    if (spec === undefined) continue;
    const f = typeof spec === 'string' ? { column: spec } : spec;
    let index: number | null = null;
    if (f.column !== undefined) {
      index = findColumn(f.column, field, columns, lookup, file, identity && !isRequired(kind, field));
      // The identity mapping tolerates absent optional columns; an explicit mapping means what it says.
      if (index === null) continue;
    }
    const factors =
      f.multiply?.map((c) => findColumn(c, field, columns, lookup, file, false)).filter((i) => i !== null) ?? null;
    const isTime = TIME_FIELDS.has(field) || DATE_FIELDS.has(field);
    const integer = f.format === 'integer' && !isTime;
    plans.push({
      field,
      index,
      factors,
      prefixes: f.prefixes ? Object.entries(f.prefixes) : null,
      otherwise: f.otherwise ?? null,
      integer,
      constant: f.value === undefined ? null : String(f.value),
      defaultValue: f.default === undefined ? null : String(f.default),
      values: f.values
        ? new Map(
            Object.entries(f.values).flatMap(([k, v]) => [
              [k, v],
              [k.toLowerCase(), v],
            ]),
          )
        : null,
      scale: f.scale ?? null,
      time:
        isTime && (f.format !== undefined || (f.timezone ?? mapping.timezone) !== undefined || TIME_FIELDS.has(field))
          ? timeParser(f.format, f.timezone ?? mapping.timezone)
          : null,
      dateOnly: DATE_FIELDS.has(field),
    });
  }
  return plans;
}

/** A column's index in the source; null only when `optional` and it is absent. */
function findColumn(
  column: string | number,
  field: string,
  columns: string[] | null,
  lookup: ((name: string) => number | null) | null,
  file: string,
  optional: boolean,
): number | null {
  const index = typeof column === 'number' ? column - 1 : (lookup?.(column) ?? null);
  if (index !== null && (columns === null || index < columns.length)) return index;
  if (optional) return null;
  throw new InputError(
    file,
    columns
      ? `column ${JSON.stringify(column)} (for ${field}) is not in the file; its columns are ${columns.join(', ')}`
      : `column ${JSON.stringify(column)} (for ${field}) cannot be found: the file has no header, name its columns in the mapping (csv.columns) or use column numbers`,
  );
}

interface AttributePlan {
  name: string;
  index: number;
  spec: AttributeMapping;
  values: Map<string, string> | null;
  allowed: Set<string> | null;
}

function planAttributes(mapping: Mapping, columns: string[] | null, file: string): AttributePlan[] {
  const lookup = columns ? columnLookup(columns) : null;
  return Object.entries(mapping.attributes ?? {}).map(([name, spec]) => ({
    name,
    index: findColumn(spec.column, `attribute ${name}`, columns, lookup, file, false)!,
    spec,
    values: spec.values ? new Map(Object.entries(spec.values)) : null,
    allowed: spec.allowed ? new Set(spec.allowed) : null,
  }));
}

/** The attribute's value on this row, null when the cell is empty, a rejection when it is impossible. */
function attributeValue(plan: AttributePlan, record: SourceRecord): AttributeValue | Rejection | null {
  const raw = (record.fields[plan.index] ?? '').trim();
  if (raw === '') return null;
  const where = `attribute ${plan.name} (column ${JSON.stringify(plan.spec.column)})`;
  if (plan.spec.kind === 'categorical') {
    const value = plan.values?.get(raw) ?? raw;
    if (plan.allowed && !plan.allowed.has(value))
      return { reason: 'bad_value', message: `${where}: "${value}" is not one of ${[...plan.allowed].join(', ')}` };
    return { name: plan.name, value, number: null };
  }
  const n = Number(raw);
  if (!Number.isFinite(n)) return { reason: 'bad_number', message: `${where}: not a number: "${raw}"` };
  const { min, max, format } = plan.spec;
  if ((min !== undefined && n < min) || (max !== undefined && n > max))
    return { reason: 'bad_value', message: `${where}: ${raw} is outside ${min ?? '-inf'}..${max ?? 'inf'}` };
  if (format === 'integer' && !Number.isInteger(n))
    return { reason: 'bad_value', message: `${where}: expected a whole number, got "${raw}"` };
  return { name: plan.name, value: null, number: n };
}

function columnLookup(columns: string[]): (name: string) => number | null {
  const exact = new Map(columns.map((c, i) => [c, i]));
  const loose = new Map(columns.map((c, i) => [c.trim().toLowerCase(), i]));
  return (name) => exact.get(name) ?? loose.get(name.trim().toLowerCase()) ?? null;
}
