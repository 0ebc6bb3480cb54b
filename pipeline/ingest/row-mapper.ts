// Turns one source record into a canonical row, or into a rejection with a reason code: the mapping
// (columns, constants, value maps, scales, date formats and zones, hashed ids) is applied first, then
// the kind's zod schema and the cross-field rules.
import { createHash } from 'node:crypto';
import { InputError } from '../errors.ts';
import type { Kind } from '../vocabulary.ts';
import { crossFieldRejection, KINDS, type CanonicalRow, type ValidationContext } from './canonical-schema.ts';
import { isRequired } from './mapping.ts';
import type { FieldMapping, Mapping } from './mapping-schema.ts';
import { formatTimestamp, timeParser, type TimeParser } from './parse-time.ts';
import type { RejectReason, Rejection } from './reject-reasons.ts';
import type { SourceRecord } from './sources/source.ts';

export type MapResult = { ok: true; row: CanonicalRow; idBase: string | null } | { ok: false; rejection: Rejection };

interface FieldPlan {
  field: string;
  index: number | null;
  constant: string | null;
  defaultValue: string | null;
  values: Map<string, string> | null;
  scale: number | null;
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
    const cross = crossFieldRejection(kind, row, context);
    if (cross) return { ok: false, rejection: cross };
    return { ok: true, row, idBase };
  };
}

function reject(reason: RejectReason, message: string): MapResult {
  return { ok: false, rejection: { reason, message } };
}

function mapValue(plan: FieldPlan, record: SourceRecord): string | Rejection {
  let value = plan.constant ?? (plan.index === null ? '' : (record.fields[plan.index] ?? '')).trim();
  if (value === '' && plan.defaultValue !== null) value = plan.defaultValue;
  if (value === '') return '';
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
      index = typeof f.column === 'number' ? f.column - 1 : (lookup?.(f.column) ?? null);
      const missing = index === null || (columns !== null && index >= columns.length);
      if (missing) {
        // The identity mapping tolerates absent optional columns; an explicit mapping means what it says.
        if (identity && !isRequired(kind, field)) continue;
        throw new InputError(
          file,
          columns
            ? `column ${JSON.stringify(f.column)} (for ${field}) is not in the file; its columns are ${columns.join(', ')}`
            : `column ${JSON.stringify(f.column)} (for ${field}) cannot be found: the file has no header, name its columns in the mapping (csv.columns) or use column numbers`,
        );
      }
    }
    const isTime = TIME_FIELDS.has(field) || DATE_FIELDS.has(field);
    plans.push({
      field,
      index,
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

function columnLookup(columns: string[]): (name: string) => number | null {
  const exact = new Map(columns.map((c, i) => [c, i]));
  const loose = new Map(columns.map((c, i) => [c.trim().toLowerCase(), i]));
  return (name) => exact.get(name) ?? loose.get(name.trim().toLowerCase()) ?? null;
}
