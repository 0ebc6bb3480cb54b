// What "churned" means (config `churn`): the definition, its label parameters for features.sql, the key
// that tells snapshots built under different definitions apart, and the sentence that states it in
// each locale. Pure: no database, no I/O.
import { z } from 'zod';
import type { Labels, Locale } from '../vocabulary.ts';

// cancellation: a subscriber cancels or lets the contract lapse (docs/subscriptions.md).
export const CHURN_DEFINITIONS = ['no_purchase', 'no_activity', 'event', 'cancellation'] as const;
export type ChurnDefinitionName = (typeof CHURN_DEFINITIONS)[number];

const typeName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'expected an event type name: lowercase letters, digits and underscores');

/** The config section; eventTypes goes with no_activity and event, never with no_purchase. */
export const churnConfigSchema = z
  .object({
    definition: z.enum(CHURN_DEFINITIONS).default('no_purchase'),
    eventTypes: z.array(typeName).min(1, 'expected at least one event type').optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const fixed = c.definition === 'no_purchase' || c.definition === 'cancellation';
    if (fixed && c.eventTypes !== undefined)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['eventTypes'],
        message:
          c.definition === 'no_purchase'
            ? 'not used by definition "no_purchase" (churn = no purchase in horizonDays): remove it'
            : 'not used by definition "cancellation" (churn = a cancellation or a lapsed contract): remove it',
      });
    if (!fixed && c.eventTypes === undefined)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['eventTypes'],
        message: `required with definition "${c.definition}": the event types it counts, e.g. ["login"]`,
      });
  });

export type ChurnConfig = z.infer<typeof churnConfigSchema>;

export const DEFAULT_CHURN: ChurnConfig = { definition: 'no_purchase' };

/** The event types whose presence (event) or absence (no_purchase, no_activity) in [C, C + H) is the label. */
export function churnEventTypes(churn: ChurnConfig): string[] {
  if (churn.definition === 'no_purchase') return ['purchase'];
  if (churn.definition === 'cancellation') return ['cancellation'];
  return [...new Set(churn.eventTypes ?? [])].sort();
}

/** The cancellation definition also counts a lapsed contract, and labels subscribers only. */
export const countsLapse = (churn: ChurnConfig) => churn.definition === 'cancellation';

/** features.sql's label parameters: the types as a bound list, and whether an event (not its absence) is churn. */
export function churnLabelParams(churn: ChurnConfig): { churn_types: string[]; churn_on_event: boolean } {
  return {
    churn_types: churnEventTypes(churn),
    churn_on_event: churn.definition === 'event' || churn.definition === 'cancellation',
  };
}

/**
 * What tells a snapshot's labels apart beyond features.sql and its horizons. Empty for no_purchase,
 * the labels of every snapshot recorded before definitions existed, so those stay current.
 */
export function churnDefinitionKey(churn: ChurnConfig): string {
  return churn.definition === 'no_purchase' ? '' : `churn:${churn.definition}:${churnEventTypes(churn).join(',')}`;
}

/** BG/NBD's P(no purchase in H) is a churn prediction only when churn is the absence of purchases. */
export function btydChurnApplies(churn: ChurnConfig): boolean {
  return churn.definition === 'no_purchase';
}

/** Built-in event types as a sentence names them (the site's own labels are title-case nouns). */
const TYPE_WORDS: Record<string, Record<Locale, string>> = {
  purchase: { en: 'purchase', 'zh-CN': '购买' },
  refund: { en: 'refund', 'zh-CN': '退款' },
  login: { en: 'login', 'zh-CN': '登录' },
  support_ticket: { en: 'support ticket', 'zh-CN': '工单' },
  ticket_resolved: { en: 'resolved ticket', 'zh-CN': '工单解决' },
  survey: { en: 'survey reply', 'zh-CN': '问卷回复' },
  care_contact: { en: 'care contact', 'zh-CN': '关怀联系' },
  email_open: { en: 'email open', 'zh-CN': '邮件打开' },
};

/**
 * A type's word in a sentence: built-in ones translated, declared ones their declared label (`declared`:
 * type -> labels, from the database's declarations; "Cancellation" reads "cancellation" in English),
 * others their name with spaces.
 */
export function eventTypeWord(type: string, locale: Locale, declared: Labels = {}): string {
  const own = declared[type]?.[locale];
  if (TYPE_WORDS[type]) return TYPE_WORDS[type][locale];
  if (own) return locale === 'en' && !/^[A-Z]{2}/.test(own) ? own.charAt(0).toLowerCase() + own.slice(1) : own;
  return type.replaceAll('_', ' ');
}

/** The definition in words: "no login in 30 days" / "30 天内无登录", "at least one cancellation in 90 days". */
export function churnSentence(churn: ChurnConfig, horizonDays: number, locale: Locale, declared: Labels = {}): string {
  if (churn.definition === 'cancellation')
    return locale === 'zh-CN'
      ? `${horizonDays} 天内取消订阅或合同到期未续`
      : `cancels or lets the contract lapse within ${horizonDays} days`;
  const words = churnEventTypes(churn).map((t) => eventTypeWord(t, locale, declared));
  if (locale === 'zh-CN') {
    // A Latin word (a custom type's name) stands apart from the Chinese around it.
    const list = words.map((w) => (/[a-z]/i.test(w) ? ` ${w} ` : w)).join('或');
    const sentence =
      churn.definition === 'event' ? `${horizonDays} 天内至少一次${list}` : `${horizonDays} 天内无${list}`;
    return sentence.replace(/ {2,}/g, ' ').trim();
  }
  const list = words.join(' or ');
  return churn.definition === 'event'
    ? `at least one ${list} in ${horizonDays} days`
    : `no ${list} in ${horizonDays} days`;
}

/** Both locales' sentences, as published for the site and written into model cards. */
export function churnSentences(churn: ChurnConfig, horizonDays: number, declared: Labels = {}): Record<Locale, string> {
  return {
    en: churnSentence(churn, horizonDays, 'en', declared),
    'zh-CN': churnSentence(churn, horizonDays, 'zh-CN', declared),
  };
}

/** Why the BG/NBD churn baseline is left out, for outputs that would otherwise show it. */
export function btydNotApplicable(churn: ChurnConfig, horizonDays: number, declared: Labels = {}): string {
  return `not applicable: churn is defined as ${churnSentence(churn, horizonDays, 'en', declared)}, while BG/NBD predicts purchases`;
}
