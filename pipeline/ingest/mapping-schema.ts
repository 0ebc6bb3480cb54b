// The mapping file: how a source file maps onto a canonical kind. Validated with zod; errors are
// reported as `path: message` lines. Without --map, the identity mapping for the kind applies.
import { z } from 'zod';

const fieldName = z.string().min(1);

export const fieldMappingSchema = z.union([
  // Shorthand: the source column's name (or 1-based position for files without a header).
  z.string().min(1),
  z
    .object({
      column: z.union([z.string().min(1), z.number().int().min(1)]).optional(),
      value: z.union([z.string(), z.number(), z.boolean()]).optional(),
      format: z.string().min(1).optional(),
      timezone: z.string().min(1).optional(),
      values: z.record(z.string(), z.string()).optional(),
      scale: z.number().positive().optional(),
      default: z.union([z.string(), z.number(), z.boolean()]).optional(),
    })
    .strict()
    .refine((f) => (f.column === undefined) !== (f.value === undefined), {
      message: 'give exactly one of column (read from the source) or value (a constant)',
    }),
]);

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
  })
  .strict();

export type Mapping = z.infer<typeof mappingSchema>;
export type FieldMapping = z.infer<typeof fieldMappingSchema>;
