// The domain's words, in one place: the codes the pipeline writes and reads (risk and value tiers,
// lifecycle stages, RFM segments, contact channels, event types, locales, the canonical columns) and
// their labels in each locale. Every other list is derived from these or checked against them by
// test/vocabulary.test.ts (schema.sql's tables, the zod schemas, the report site's orders and labels).
// The bottom layer: it imports nothing, so any stage can use it.

/** Locales of labels, exports and the report site. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export type Labels<C extends string = string> = Record<C, Record<Locale, string>>;

/** A code's label in a locale; the code itself when the table lacks it. */
export function label(table: Labels, code: string | null, locale: Locale): string {
  if (code === null) return '';
  return table[code]?.[locale] ?? code;
}

/** Risk tiers by churn probability (config `riskThresholds`), most at risk first. */
export const RISK_TIERS = ['high', 'medium', 'low'] as const;
export type RiskTier = (typeof RISK_TIERS)[number];

export const RISK_TIER_LABELS: Labels<RiskTier> = {
  high: { en: 'High', 'zh-CN': '高风险' },
  medium: { en: 'Medium', 'zh-CN': '中风险' },
  low: { en: 'Low', 'zh-CN': '低风险' },
};

/** Value tiers by predicted value (config `plan.valueTiers`), most valuable first. */
export const VALUE_TIERS = ['vip', 'high', 'medium', 'low'] as const;
export type ValueTier = (typeof VALUE_TIERS)[number];

export const VALUE_TIER_LABELS: Labels<ValueTier> = {
  vip: { en: 'VIP', 'zh-CN': 'VIP' },
  high: { en: 'High', 'zh-CN': '高价值' },
  medium: { en: 'Medium', 'zh-CN': '中价值' },
  low: { en: 'Low', 'zh-CN': '低价值' },
};

/** Lifecycle stages (pipeline/plan/segments.ts), in their natural order. */
export const LIFECYCLES = ['new', 'active', 'silent', 'churned'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

export const LIFECYCLE_LABELS: Labels<Lifecycle> = {
  new: { en: 'New', 'zh-CN': '新客户' },
  active: { en: 'Active', 'zh-CN': '活跃' },
  silent: { en: 'Silent', 'zh-CN': '沉默' },
  churned: { en: 'Churned', 'zh-CN': '已流失' },
};

/** The named RFM segments (pipeline/plan/segments.ts), best first. */
export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'potential_loyalists',
  'new_customers',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cannot_lose',
  'hibernating',
  'lost',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

export const SEGMENT_LABELS: Labels<RfmSegment> = {
  champions: { en: 'Champions', 'zh-CN': '重要价值客户' },
  loyal: { en: 'Loyal', 'zh-CN': '忠诚客户' },
  potential_loyalists: { en: 'Potential loyalists', 'zh-CN': '潜在忠诚客户' },
  new_customers: { en: 'New customers', 'zh-CN': '新客户' },
  promising: { en: 'Promising', 'zh-CN': '有潜力客户' },
  need_attention: { en: 'Need attention', 'zh-CN': '需要关注' },
  about_to_sleep: { en: 'About to sleep', 'zh-CN': '即将沉睡' },
  at_risk: { en: 'At risk', 'zh-CN': '流失风险客户' },
  cannot_lose: { en: 'Cannot lose them', 'zh-CN': '重要挽留客户' },
  hibernating: { en: 'Hibernating', 'zh-CN': '沉睡客户' },
  lost: { en: 'Lost', 'zh-CN': '已流失客户' },
};

/**
 * Contact channels of retention actions, the ones the playbook plans and the ones ingested actions
 * record. `other` is for a contact made some other way: a recorded action keeps it rather than being
 * rejected, and a playbook may plan on it when it gives it a capacity. Their labels live in the
 * playbook, which the team edits.
 */
export const CHANNELS = ['phone', 'visit', 'email', 'sms', 'wechat', 'app_push', 'mail', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Kinds of events in the interaction history (`events.type`). */
export const EVENT_TYPES = [
  'purchase',
  'refund',
  'login',
  'support_ticket',
  'ticket_resolved',
  'survey',
  'care_contact',
  'email_open',
  // Subscriptions and contracts (docs/subscriptions.md): `plan` and `term_months` say what a start,
  // renewal or plan change puts the customer on and for how long; a payment's `term_months` is the
  // billing period its amount covers; a cancellation's `text` its reason.
  'subscription_start',
  'renewal',
  'payment',
  'payment_failed',
  'plan_change',
  'cancellation',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_TYPE_LABELS: Labels<EventType> = {
  purchase: { en: 'Purchase', 'zh-CN': '购买' },
  refund: { en: 'Refund', 'zh-CN': '退款' },
  login: { en: 'Login', 'zh-CN': '登录' },
  support_ticket: { en: 'Support ticket', 'zh-CN': '客服工单' },
  ticket_resolved: { en: 'Ticket resolved', 'zh-CN': '工单已解决' },
  survey: { en: 'Survey', 'zh-CN': '问卷调查' },
  care_contact: { en: 'Care contact', 'zh-CN': '关怀联系' },
  email_open: { en: 'Email opened', 'zh-CN': '邮件打开' },
  subscription_start: { en: 'Subscription start', 'zh-CN': '开始订阅' },
  renewal: { en: 'Renewal', 'zh-CN': '续约' },
  payment: { en: 'Payment', 'zh-CN': '付款' },
  payment_failed: { en: 'Payment failed', 'zh-CN': '付款失败' },
  plan_change: { en: 'Plan change', 'zh-CN': '变更套餐' },
  cancellation: { en: 'Cancellation', 'zh-CN': '取消订阅' },
};

/** The event types of subscriptions and contracts: where the history has them, subscription features. */
export const SUBSCRIPTION_TYPES: readonly EventType[] = EVENT_TYPES.slice(EVENT_TYPES.indexOf('subscription_start'));

/**
 * The built-in event types whose `text` is what a customer said (docs/voice.md): read for sentiment and
 * complaint themes. Not purchases (category), refunds and resolutions (references) or e-mail opens
 * (campaigns). A declared type with free text is added in config `voice.types`.
 */
export const FEEDBACK_TYPES: readonly EventType[] = ['support_ticket', 'survey', 'care_contact', 'cancellation'];

/**
 * Survey scales (`events.survey_scale`; empty is NPS, the scale every survey had before scales were
 * declared): NPS is computed from NPS answers only, CSAT and stars as the share satisfied (4-5).
 */
export const SURVEY_SCALES = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  stars: { min: 1, max: 5 },
} as const;
export type SurveyScale = keyof typeof SURVEY_SCALES;

/**
 * Names a mapping declares (customer attributes, event types): they become feature columns, so they
 * are plain lowercase identifiers.
 */
export const DECLARED_NAME_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

/** Customer attributes every database has as columns of `customers`; declared ones live in `customer_attributes`. */
export const BUILT_IN_ATTRIBUTES = ['region', 'channel', 'plan'] as const;

export const ATTRIBUTE_LABELS: Labels<(typeof BUILT_IN_ATTRIBUTES)[number]> = {
  region: { en: 'Region', 'zh-CN': '地区' },
  channel: { en: 'Acquisition channel', 'zh-CN': '获客渠道' },
  plan: { en: 'Plan', 'zh-CN': '套餐' },
};

/**
 * The canonical formats users load (docs/data-format.md), as the tables of pipeline/db/schema.sql
 * hold them: each kind's columns in order with their DuckDB types.
 */
export const CANONICAL_COLUMNS = {
  customers: {
    customer_id: 'VARCHAR',
    signup_date: 'DATE',
    region: 'VARCHAR',
    channel: 'VARCHAR',
    plan: 'VARCHAR',
    name: 'VARCHAR',
    email: 'VARCHAR',
    phone: 'VARCHAR',
  },
  events: {
    event_id: 'VARCHAR',
    customer_id: 'VARCHAR',
    ts: 'TIMESTAMP',
    type: 'VARCHAR',
    amount: 'DOUBLE',
    score: 'DOUBLE',
    channel: 'VARCHAR',
    text: 'VARCHAR',
    order_id: 'VARCHAR',
    quantity: 'DOUBLE',
    unit_price: 'DOUBLE',
    product: 'VARCHAR',
    category: 'VARCHAR',
    survey_scale: 'VARCHAR',
    plan: 'VARCHAR',
    term_months: 'DOUBLE',
  },
  actions: {
    action_id: 'VARCHAR',
    customer_id: 'VARCHAR',
    ts: 'TIMESTAMP',
    action: 'VARCHAR',
    channel: 'VARCHAR',
    cost: 'DOUBLE',
    campaign: 'VARCHAR',
    is_control: 'BOOLEAN',
    contacted: 'BOOLEAN',
    accepted: 'BOOLEAN',
    text: 'VARCHAR',
  },
} as const;
export type Kind = keyof typeof CANONICAL_COLUMNS;
/** The columns of a kind (of any of them, for a union of kinds). */
export type CanonicalColumn<K extends Kind> = K extends Kind ? keyof (typeof CANONICAL_COLUMNS)[K] & string : never;

/** A kind's column names, in order. */
export const columnsOf = <K extends Kind>(kind: K): CanonicalColumn<K>[] =>
  Object.keys(CANONICAL_COLUMNS[kind]) as CanonicalColumn<K>[];
