// The mapping file: how a source file maps onto a canonical kind. Validated with zod; errors are
// reported as `path: message` lines. Without --map, the identity mapping for the kind applies.
import { z } from 'zod';

const fieldName = z.string().min(1);
const column = z.union([z.string().min(1), z.number().int().min(1)]);
const constant = z.union([z.string(), z.number(), z.boolean()]);

// Declared names become feature columns: checkMapping checks them (DECLARED_NAME_PATTERN) and says why.
const declaredName = z.string().min(1);
const labels = z.object({ en: z.string().min(1).max(80), 'zh-CN': z.string().min(1).max(80).optional() }).strict();

export const fieldMappingSchema = z.union([
  // Shorthand: the source column's name (or 1-based position for files without a header).
  z.string().min(1),
  z
    .object({
      column: column.optional(),
      value: constant.optional(),
      /** The product of these columns (e.g. quantity x unit price): an amount computed by the mapping. */
      multiply: z.array(column).min(2).max(4).optional(),
      /** Dates: a strftime-style format or iso / epoch_s / epoch_ms / excel; other fields: `integer`. */
      format: z.string().min(1).optional(),
      timezone: z.string().min(1).optional(),
      values: z.record(z.string(), z.string()).optional(),
      /** Source values starting with a prefix map to its value (e.g. `{"C": "refund"}` for cancelled invoices). */
      prefixes: z.record(z.string().min(1), z.string()).optional(),
      /** The value of every source value no prefix matched. */
      otherwise: z.string().optional(),
      scale: z.number().positive().optional(),
      default: constant.optional(),
    })
    .strict()
    .refine((f) => [f.column, f.value, f.multiply].filter((x) => x !== undefined).length === 1, {
      message:
        'give exactly one of column (read from the source), value (a constant) or multiply (a product of columns)',
    }),
]);

/** A customer attribute the mapping declares: where it comes from, its kind and what it may hold. */
export const attributeMappingSchema = z
  .object({
    column,
    kind: z.enum(['categorical', 'numeric']),
    label: labels.optional(),
    /** Categorical: source value -> stored value (e.g. `{"M2M": "month-to-month"}`). */
    values: z.record(z.string(), z.string()).optional(),
    /** Categorical: the values allowed (after `values`); any other is rejected (bad_value). */
    allowed: z.array(z.string().min(1)).min(1).optional(),
    /** Numeric: the plausible range; a value outside it is rejected (bad_value), never clipped. */
    min: z.number().optional(),
    max: z.number().optional(),
    format: z.literal('integer').optional(),
  })
  .strict()
  .refine((a) => a.kind === 'categorical' || (a.values === undefined && a.allowed === undefined), {
    message: 'values and allowed are for categorical attributes',
  })
  .refine((a) => a.kind === 'numeric' || (a.min === undefined && a.max === undefined && a.format === undefined), {
    message: 'min, max and format are for numeric attributes',
  });

/** An event type the mapping declares besides the built-in ones, with its labels for reasons and the report. */
export const eventTypeDeclarationSchema = z.object({ label: labels }).strict();

export const mappingSchema = z
  .object({
    kind: z.enum(['customers', 'events', 'actions']).optional(),
    format: z.enum(['csv', 'parquet', 'json', 'ndjson']).optional(),
    csv: z
      .object({
        delimiter: z.enum([',', ';', '\t', '|', 'whitespace']).optional(),
        header: z.boolean().optional(),
        /** Column names for a file without a header (in order). */
        columns: z.array(z.string().min(1)).min(1).optional(),
        encoding: z.enum(['utf8', 'gb18030']).optional(),
        skipLines: z.number().int().min(0).optional(),
      })
      .strict()
      .optional(),
    fields: z.record(fieldName, fieldMappingSchema),
    /** Default time zone for timestamps without one (IANA name, e.g. Asia/Shanghai). */
    timezone: z.string().min(1).optional(),
    /** Build the id from these canonical fields when the source has none. */
    idFrom: z.array(fieldName).min(1).optional(),
    /** Currency of amounts (recorded in the ingest log). */
    currency: z.string().min(1).optional(),
    /** Events of customers not in the database: reject the row (default) or create a stub customer. */
    missingCustomers: z.enum(['reject', 'create']).optional(),
    /** Customer attributes beyond the canonical fields, by the name they get (customers and events files). */
    attributes: z.record(declaredName, attributeMappingSchema).optional(),
    /** Event types beyond the built-in ones that this file's `type` may hold (events files). */
    eventTypes: z.record(declaredName, eventTypeDeclarationSchema).optional(),
  })
  .strict();

export type Mapping = z.infer<typeof mappingSchema>;
export type FieldMapping = z.infer<typeof fieldMappingSchema>;
export type AttributeMapping = z.infer<typeof attributeMappingSchema>;
export type EventTypeDeclaration = z.infer<typeof eventTypeDeclarationSchema>;
