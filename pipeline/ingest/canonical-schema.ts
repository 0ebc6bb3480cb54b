// The canonical row formats for `churn ingest`: one zod schema per kind, over the raw CSV text.
// Column names and order are those of the customers and events tables (pipeline/db/schema.sql).
import { z } from 'zod';

export const EVENT_TYPES = [
  'purchase', 'refund', 'login', 'support_ticket', 'ticket_resolved', 'survey', 'care_contact', 'email_open',
] as const;

const optionalText = z.string().transform((v) => (v.trim() === '' ? null : v.trim()));
const requiredText = (what: string) => z.string().trim().min(1, `${what} is empty`);

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'not a real calendar date');

const timestamp = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?Z?$/, 'expected a timestamp as YYYY-MM-DD HH:MM:SS')
  .transform((v, ctx) => {
    const iso = v.replace(' ', 'T').replace(/Z$/, '');
    const ms = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : `${iso}Z`);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: 'not a real date and time' });
      return z.NEVER;
    }
    return ms;
  });

const optionalNumber = (what: string) =>
  z.string().transform((v, ctx) => {
    if (v.trim() === '') return null;
    const n = Number(v);
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: 'custom', message: `${what} is not a number: "${v}"` });
      return z.NEVER;
    }
    return n;
  });

export const customerRowSchema = z.object({
  customer_id: requiredText('customer_id'),
  signup_date: isoDate,
  region: optionalText,
  channel: optionalText,
  plan: optionalText,
  name: optionalText,
  email: optionalText,
  phone: optionalText,
});

export const eventRowSchema = z
  .object({
    event_id: requiredText('event_id'),
    customer_id: requiredText('customer_id'),
    ts: timestamp,
    type: z.enum(EVENT_TYPES, { message: `type must be one of ${EVENT_TYPES.join(', ')}` }),
    amount: optionalNumber('amount'),
    score: optionalNumber('score'),
    channel: optionalText,
    text: optionalText,
  })
  .superRefine((row, ctx) => {
    if (row.type === 'purchase' && (row.amount === null || row.amount < 0)) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'a purchase needs an amount of 0 or more' });
    }
    if (row.type === 'survey' && row.score !== null && (row.score < 0 || row.score > 10)) {
      ctx.addIssue({ code: 'custom', path: ['score'], message: 'survey score must be between 0 and 10' });
    }
  });

export type CustomerRow = z.infer<typeof customerRowSchema>;
export type EventRow = z.infer<typeof eventRowSchema>;

export const KINDS = {
  customers: { schema: customerRowSchema, columns: Object.keys(customerRowSchema.shape) },
  events: { schema: eventRowSchema, columns: ['event_id', 'customer_id', 'ts', 'type', 'amount', 'score', 'channel', 'text'] },
} as const;
export type Kind = keyof typeof KINDS;
