// The playbook: which retention action suits which customers, what it costs, how much it is expected
// to reduce churn (a prior the team edits as evidence comes in), and how many contacts each channel
// can make per week. Labels in English and Simplified Chinese.
import { z } from 'zod';
import { CHANNELS, LIFECYCLES, RFM_SEGMENTS, RISK_TIERS, VALUE_TIERS, type Locale } from '../vocabulary.ts';

export const DRIVERS = [
  'overdue_purchase',
  'unresolved_tickets',
  'detractor',
  'declining_activity',
  'no_recent_login',
  'never_purchased',
  'new_customer',
  'price_sensitive_plan',
  // where the history has subscription events (pipeline/score/reason-book.ts)
  'contract_ending',
  'failed_payments',
  'price_increase',
  'downgrade',
  // where feedback texts were read (docs/voice.md): negative comments, and complaints per seeded theme
  'negative_feedback',
  'complaint_delivery',
  'complaint_price',
  'complaint_quality',
  'complaint_service',
  'complaint_billing',
  'complaint_app',
] as const;

/** A theme added in config voice.themes is a driver too: complaint_<its code>. */
const COMPLAINT_DRIVER = /^complaint_[a-z][a-z0-9_]{0,39}$/;
const DRIVER_EXPECTED = `expected a driver: ${DRIVERS.join(', ')} or complaint_<theme code of config voice.themes>`;

const label = z
  .object({ en: z.string().min(1), 'zh-CN': z.string().min(1) } satisfies Record<Locale, z.ZodType>)
  .strict();
const list = <T extends readonly [string, ...string[]]>(values: T) =>
  z.array(z.enum(values)).min(1, 'an empty list matches nobody');

export const conditionSchema = z
  .object({
    lifecycle: list(LIFECYCLES).optional(),
    valueTier: list(VALUE_TIERS).optional(),
    riskTier: list(RISK_TIERS).optional(),
    segment: list(RFM_SEGMENTS).optional(),
    /** Matches when any of these is among the customer's top reasons. */
    drivers: z
      .array(
        z.union([z.enum(DRIVERS), z.string().regex(COMPLAINT_DRIVER, DRIVER_EXPECTED)], { message: DRIVER_EXPECTED }),
      )
      .min(1, 'an empty list matches nobody')
      .optional(),
    /** Matches customers whose contract ends within this many days (subscriptions with a term). */
    contractEndsWithinDays: z.number().int().min(1).max(730).optional(),
  })
  .strict();

export const actionSchema = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and _'),
    label,
    channel: z.enum(CHANNELS),
    cost: z.number().min(0),
    /** Expected relative reduction of the churn probability when the action is taken, 0..1. */
    expectedReduction: z.number().gt(0).max(1),
    /** Days after the scoring date by which the contact should happen. */
    dueDays: z.number().int().min(0).max(365),
    when: conditionSchema,
  })
  .strict();

export const playbookSchema = z
  .object({
    version: z.literal(1),
    /** Contacts are planned for this many weeks of channel capacity. */
    planningWeeks: z.number().int().min(1).max(52).default(1),
    /** Share of eligible customers held out as a control group, 0..0.5. */
    controlShare: z.number().min(0).max(0.5).default(0.1),
    /** Changes which customers fall into the control group; keep it fixed within one campaign. */
    campaign: z.string().min(1).default('default'),
    /**
     * Customers whose P(purchase within 7 days) is at least this get no action: they are expected to buy
     * without one (docs/playbook.md). 1 contacts them all the same.
     */
    holdLikelyBuyers: z.number().gt(0).max(1).default(0.5),
    /**
     * Share of customers whose actions are chosen by a draw from the learned effects' posteriors instead of
     * their means (Thompson sampling, seeded by the campaign), so that actions that look poor still get
     * evidence; 0..0.5. Off until the database has outcomes of the playbook's actions (docs/playbook.md).
     */
    exploration: z.number().min(0).max(0.5).default(0.05),
    channels: z.partialRecord(z.enum(CHANNELS), z.object({ label, capacityPerWeek: z.number().int().min(0) }).strict()),
    actions: z.array(actionSchema).min(1),
  })
  .strict()
  .superRefine((p, ctx) => {
    const codes = new Set<string>();
    p.actions.forEach((a, i) => {
      if (codes.has(a.code))
        ctx.addIssue({ code: 'custom', path: ['actions', i, 'code'], message: `duplicate action code ${a.code}` });
      codes.add(a.code);
      if (!(a.channel in p.channels)) {
        ctx.addIssue({
          code: 'custom',
          path: ['actions', i, 'channel'],
          message: `channel ${a.channel} has no capacity entry in channels`,
        });
      }
    });
  });

export type Playbook = z.infer<typeof playbookSchema>;
export type PlaybookAction = z.infer<typeof actionSchema>;
export type Condition = z.infer<typeof conditionSchema>;
