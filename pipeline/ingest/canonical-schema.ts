// The canonical row formats: one zod schema per kind (customers, events, actions), applied to every
// row after mapping. Each field carries its description (docs/data-format.md is generated from these)
// and each failure a reason code (reject-reasons.ts). Input values are text, as read from any source.
import { z } from 'zod';
// The codes and the columns themselves are the vocabulary's (pipeline/vocabulary.ts): each kind's
// fields are keyed by its canonical columns, which the compiler holds them to.
import {
  CHANNELS,
  EVENT_TYPES,
  SURVEY_SCALES,
  type CanonicalColumn,
  type Kind,
  type SurveyScale,
} from '../vocabulary.ts';
import type { RejectReason } from './reject-reasons.ts';

export interface ValidationContext {
  /** Timestamps later than this (epoch ms) are rejected as future_timestamp. */
  latestAllowedMs: number;
  /** Event types a row may hold: the built-in ones and those declared (mapping, config, stored). */
  eventTypes?: ReadonlySet<string>;
}

// A zod issue carries its reason code in params, so a rejection names the rule it broke.
const issue = (ctx: z.RefinementCtx, reason: RejectReason, message: string) =>
  ctx.addIssue({ code: 'custom', message, params: { reason } });

const text = z.string().transform((v) => (v.trim() === '' ? null : v.trim()));

const required = (reason: RejectReason, what: string) =>
  z.string().transform((v, ctx) => {
    const t = v.trim();
    if (t === '') {
      issue(ctx, reason, `${what} is empty`);
      return z.NEVER;
    }
    return t;
  });

const isoDate = z.string().transform((v, ctx) => {
  const t = v.trim();
  const ms = Date.parse(`${t}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== t) {
    issue(
      ctx,
      t === '' ? 'missing_required' : 'bad_date',
      t === '' ? 'date is empty' : `not a date (YYYY-MM-DD): "${t}"`,
    );
    return z.NEVER;
  }
  return t;
});

/** Timestamps arrive normalised by the mapping stage as epoch milliseconds in text, or ISO text. */
const timestamp = z.string().transform((v, ctx) => {
  const t = v.trim();
  if (t === '') {
    issue(ctx, 'missing_required', 'timestamp is empty');
    return z.NEVER;
  }
  const ms = /^-?\d+$/.test(t) ? Number(t) : parseIsoTimestamp(t);
  if (ms === null || !Number.isFinite(ms)) {
    issue(ctx, 'bad_timestamp', `not a timestamp (YYYY-MM-DD HH:MM:SS): "${t}"`);
    return z.NEVER;
  }
  return ms;
});

const number = (what: string) =>
  z.string().transform((v, ctx) => {
    const t = v.trim();
    if (t === '') return null;
    const n = Number(t);
    if (!Number.isFinite(n)) {
      issue(ctx, 'bad_number', `${what} is not a number: "${t}"`);
      return z.NEVER;
    }
    return n;
  });

const optionalBoolean = (what: string) =>
  z.string().transform((v, ctx) => {
    const t = v.trim().toLowerCase();
    if (t === '') return null;
    if (['1', 'true', 'yes', 'y', 't', '是'].includes(t)) return true;
    if (['0', 'false', 'no', 'n', 'f', '否'].includes(t)) return false;
    issue(ctx, 'bad_value', `${what} must be true or false, got "${v.trim()}"`);
    return z.NEVER;
  });

type Fields<K extends Kind> = Record<CanonicalColumn<K>, z.ZodType>;

export const customerFields = {
  customer_id: required('missing_customer_id', 'customer_id').describe('Customer identifier (text, unique).'),
  signup_date: isoDate.describe('Date the customer joined, YYYY-MM-DD.'),
  region: text.describe('Region (optional attribute, one-hot encoded by the model).'),
  channel: text.describe('Acquisition channel (optional attribute).'),
  plan: text.describe('Plan or membership level (optional attribute).'),
  name: text.describe('Contact name (personal data: masked on the report site).'),
  email: text.describe('Contact email (personal data: masked on the report site).'),
  phone: text.describe('Contact phone (personal data: masked on the report site).'),
} satisfies Fields<'customers'>;

export const eventFields = {
  event_id: required('missing_required', 'event_id').describe(
    'Event identifier (text, unique); a mapping can build one by hashing fields.',
  ),
  customer_id: required('missing_customer_id', 'customer_id').describe('Customer the event belongs to.'),
  ts: timestamp.describe('When it happened, YYYY-MM-DD HH:MM:SS in UTC (a mapping converts formats and time zones).'),
  // Which types are known depends on the declarations (ValidationContext): checked in crossFieldRejection.
  type: required('missing_required', 'type').describe(
    `One of ${EVENT_TYPES.join(', ')}, or a type the mapping or the config declares (\`eventTypes\`).`,
  ),
  amount: number('amount').describe(
    'Money amount: purchases >= 0; refunds may be negative (their absolute value is subtracted). ' +
      'A mapping can compute it (`multiply`); order lines without one get quantity x unit price.',
  ),
  score: number('score').describe(`Survey answer on its scale (survey_scale): ${scaleText()}.`),
  channel: text.describe('Channel of the interaction (web, app, store, phone, ...).'),
  text: text.describe('Free text from the source, if any.'),
  order_id: text.describe(
    'Order or invoice the line belongs to: the purchase lines of one order count as one purchase, amounts summed.',
  ),
  quantity: number('quantity').describe(
    'Order lines: units bought; a purchase line with a negative quantity is a cancellation, stored as a refund.',
  ),
  unit_price: number('unit_price').describe('Order lines: price of one unit.'),
  product: text.describe('Order lines: product code or name.'),
  category: text.describe('Order lines: product category (interest features and segment).'),
  survey_scale: z
    .string()
    .transform((v, ctx) => {
      const t = v.trim().toLowerCase();
      if (t === '') return null;
      if (!(t in SURVEY_SCALES)) {
        issue(
          ctx,
          'bad_value',
          `unknown survey scale "${v.trim()}" (expected one of ${Object.keys(SURVEY_SCALES).join(', ')})`,
        );
        return z.NEVER;
      }
      return t as SurveyScale;
    })
    .describe(`Surveys: the answer's scale, one of ${Object.keys(SURVEY_SCALES).join(', ')} (empty: nps).`),
  plan: text.describe('Subscriptions: the plan a start, renewal, plan change or payment is for.'),
  term_months: number('term_months').describe(
    "Subscriptions: a start's or renewal's contract term in months (1 monthly, 12 annual), a payment's billing period.",
  ),
} satisfies Fields<'events'>;

function scaleText(): string {
  return Object.entries(SURVEY_SCALES)
    .map(([name, r]) => `${name} ${r.min}-${r.max}`)
    .join(', ');
}

export const actionFields = {
  action_id: required('missing_required', 'action_id').describe('Retention action identifier (text, unique).'),
  customer_id: required('missing_customer_id', 'customer_id').describe('Customer the action was aimed at.'),
  ts: timestamp.describe('When the action was taken, YYYY-MM-DD HH:MM:SS in UTC.'),
  action: required('missing_required', 'action').describe(
    'Action code (e.g. vip_call, win_back_offer, loyalty_points).',
  ),
  channel: z
    .string()
    .transform((v, ctx) => {
      const t = v.trim().toLowerCase();
      if (t === '') return null;
      if (!(CHANNELS as readonly string[]).includes(t)) {
        issue(ctx, 'bad_value', `unknown channel "${v.trim()}" (expected one of ${CHANNELS.join(', ')})`);
        return z.NEVER;
      }
      return t;
    })
    .describe(`Contact channel: ${CHANNELS.join(', ')}.`),
  cost: number('cost').describe('Cost of the action in money, if known.'),
  campaign: text.describe('Campaign the action belongs to.'),
  is_control: z
    .string()
    .transform((v, ctx) => {
      const t = v.trim().toLowerCase();
      if (t === '') return false;
      if (['1', 'true', 'yes', 'y', 't'].includes(t)) return true;
      if (['0', 'false', 'no', 'n', 'f'].includes(t)) return false;
      issue(ctx, 'bad_value', `is_control must be true or false, got "${v.trim()}"`);
      return z.NEVER;
    })
    .describe('true when the customer was held out as a control (no contact made).'),
  contacted: optionalBoolean('contacted').describe('true when the contact reached the customer (empty: not reported).'),
  accepted: optionalBoolean('accepted').describe('true when the customer took the offer (empty: not reported).'),
  text: text.describe('Notes, outcome, free text.'),
} satisfies Fields<'actions'>;

function rowSchema<F extends Record<string, z.ZodType>>(fields: F) {
  return z.object(fields);
}

export const KINDS = {
  customers: { fields: customerFields, schema: rowSchema(customerFields), id: 'customer_id' },
  events: { fields: eventFields, schema: rowSchema(eventFields), id: 'event_id' },
  actions: { fields: actionFields, schema: rowSchema(actionFields), id: 'action_id' },
} as const satisfies Record<Kind, unknown>;
export const KIND_NAMES = Object.keys(KINDS) as Kind[];

export type CustomerRow = z.output<typeof KINDS.customers.schema>;
export type EventRow = z.output<typeof KINDS.events.schema>;
export type ActionRow = z.output<typeof KINDS.actions.schema>;
export type CanonicalRow = CustomerRow | EventRow | ActionRow;

const BUILT_IN_TYPES: ReadonlySet<string> = new Set(EVENT_TYPES);

/** Rules that need several fields at once. */
export function crossFieldRejection(
  kind: Kind,
  row: CanonicalRow,
  ctx: ValidationContext,
): { reason: RejectReason; message: string } | null {
  if (kind === 'events' || kind === 'actions') {
    const ts = (row as EventRow).ts;
    if (ts > ctx.latestAllowedMs) {
      return {
        reason: 'future_timestamp',
        message: `timestamp ${new Date(ts).toISOString().replace('T', ' ').slice(0, 19)} is in the future`,
      };
    }
  }
  if (kind === 'events') {
    const e = row as EventRow;
    const known = ctx.eventTypes ?? BUILT_IN_TYPES;
    if (!known.has(e.type)) {
      return {
        reason: 'unknown_event_type',
        message: `unknown event type "${e.type}" (expected one of ${[...known].join(', ')}, or declare it in eventTypes)`,
      };
    }
    if (e.type === 'purchase' && e.amount === null)
      return { reason: 'missing_required', message: 'a purchase needs an amount' };
    if (e.type === 'purchase' && e.amount !== null && e.amount < 0)
      return { reason: 'negative_amount', message: `purchase amount is negative: ${e.amount}` };
    if (e.type === 'survey' && e.score === null)
      return { reason: 'missing_required', message: 'a survey needs a score' };
    const range = SURVEY_SCALES[e.survey_scale ?? 'nps'];
    if (e.type === 'survey' && e.score !== null && (e.score < range.min || e.score > range.max)) {
      return {
        reason: 'score_out_of_range',
        message: `survey score ${e.score} is outside ${range.min}-${range.max} (${e.survey_scale ?? 'nps'})`,
      };
    }
  }
  return null;
}

/** Parses YYYY-MM-DD[ T]HH:MM[:SS[.fff]][Z] as UTC; null when it is not a real instant. */
export function parseIsoTimestamp(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?Z?$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', s = '0', frac = '0'] = m.slice(1);
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Math.floor(Number(`0.${frac}`) * 1000));
  const back = new Date(ms);
  if (
    back.getUTCFullYear() !== +y ||
    back.getUTCMonth() !== +mo - 1 ||
    back.getUTCDate() !== +d ||
    +h > 23 ||
    +mi > 59 ||
    +s > 59
  )
    return null;
  return ms;
}
