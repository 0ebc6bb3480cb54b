// Per-customer reasons: plain-language signals behind a risk score, read off the customer's features.
// A rule says when a reason is true of a customer (so its sentence is a fact); the model's attribution
// (pipeline/score/drivers.ts) says how much it drives this customer's score. A customer gets at most
// three reasons: those that hold, most score-raising first (rule order without attributions).

import { DRIVER_CODES } from './drivers.ts';

import type { Locale } from '../vocabulary.ts';

export interface ReasonInput {
  recency_days: number;
  gap_mean_days: number;
  frequency_total: number;
  unresolved_tickets: number;
  has_survey: number;
  last_survey_score: number;
  login_trend: number;
  purchase_trend: number;
  days_since_login: number;
  tenure_days: number;
  plan: string;
  /**
   * Repeat purchase days (BG/NBD's x) and the population's median usual gap. Without a repeat day
   * gap_mean_days is only a bound (the time since the one purchase day), so "overdue" is judged against
   * the typical gap. Absent (or NaN): gap_mean_days is taken as the customer's own.
   */
  repeat_days?: number;
  typical_gap_days?: number;
}

/** The numeric inputs of ReasonInput (all but `plan`), in a fixed order. */
export const REASON_INPUTS = [
  'recency_days',
  'gap_mean_days',
  'frequency_total',
  'unresolved_tickets',
  'has_survey',
  'last_survey_score',
  'login_trend',
  'purchase_trend',
  'days_since_login',
  'tenure_days',
  'repeat_days',
  'typical_gap_days',
] as const satisfies readonly Exclude<keyof ReasonInput, 'plan'>[];

export interface Reason {
  code: string;
  label: Record<Locale, string>;
  /** Churn logit added by this reason's inputs vs a typical active customer (absent without attributions). */
  impact?: number;
}

export interface ReasonRule {
  code: string;
  /**
   * Shown only where the model's attribution says it raises this customer's risk: the signals of
   * declared event types, whose direction (a coupon redeemed, a late delivery) nobody declared.
   */
  raisesRiskOnly?: boolean;
  applies(f: ReasonInput): boolean;
  /** The numbers the sentence shows, rounded as shown: the sentence depends on them alone, so many customers share one. */
  args(f: ReasonInput): number[];
  text(args: readonly number[]): Record<Locale, string>;
}

const days = (v: number) => Math.round(v);

/** The customer's usual gap; without a repeat purchase day the population's (45 days when nobody has one). */
const usualGap = (f: ReasonInput) =>
  f.repeat_days === 0
    ? f.typical_gap_days !== undefined && f.typical_gap_days > 0
      ? f.typical_gap_days
      : 45
    : f.gap_mean_days;
const none = () => [];

export const REASON_RULES: readonly ReasonRule[] = [
  {
    code: 'overdue_purchase',
    applies: (f) => f.frequency_total > 0 && f.recency_days > Math.max(45, 2 * usualGap(f)),
    args: (f) => {
      // No "x the usual gap" for a customer who has none of their own.
      const ratio = f.repeat_days !== 0 && f.gap_mean_days > 0 ? f.recency_days / f.gap_mean_days : 0;
      return [days(f.recency_days), ratio >= 10 ? Math.round(ratio) : Math.round(ratio * 10) / 10];
    },
    text: ([recency, times]) =>
      times >= 1.5
        ? {
            en: `No purchase for ${recency} days, ${times}x the usual gap`,
            'zh-CN': `${recency} 天未购买，是平时间隔的 ${times} 倍`,
          }
        : { en: `No purchase for ${recency} days`, 'zh-CN': `${recency} 天未购买` },
  },
  {
    code: 'unresolved_tickets',
    applies: (f) => f.unresolved_tickets >= 1,
    args: (f) => [f.unresolved_tickets],
    text: ([tickets]) => ({
      en: `${tickets} unresolved support ticket${tickets === 1 ? '' : 's'}`,
      'zh-CN': `${tickets} 个未解决的客服工单`,
    }),
  },
  {
    code: 'detractor',
    applies: (f) => f.has_survey === 1 && f.last_survey_score <= 6,
    args: (f) => [f.last_survey_score],
    text: ([score]) => ({ en: `Last NPS ${score}, a detractor`, 'zh-CN': `最近一次 NPS 评分 ${score}，属于贬损者` }),
  },
  {
    code: 'declining_activity',
    applies: (f) => f.login_trend <= -0.3 || f.purchase_trend <= -0.3,
    args: none,
    text: () => ({ en: 'Activity falling vs the previous 90 days', 'zh-CN': '活跃度较前 90 天下降' }),
  },
  {
    code: 'no_recent_login',
    applies: (f) => f.days_since_login > 60,
    args: (f) => [days(f.days_since_login)],
    text: ([d]) => ({ en: `No login in ${d} days`, 'zh-CN': `已 ${d} 天未登录` }),
  },
  {
    code: 'never_purchased',
    applies: (f) => f.frequency_total === 0,
    args: none,
    text: () => ({ en: 'Has never purchased', 'zh-CN': '从未购买' }),
  },
  {
    code: 'new_customer',
    applies: (f) => f.tenure_days < 90,
    args: (f) => [days(f.tenure_days)],
    text: ([d]) => ({ en: `New customer (${d} days)`, 'zh-CN': `新客户（${d} 天）` }),
  },
  {
    code: 'price_sensitive_plan',
    applies: (f) => f.plan === 'discount',
    args: none,
    text: () => ({ en: 'On the price-sensitive discount plan', 'zh-CN': '使用价格敏感的折扣套餐' }),
  },
];

const labelOf = (rule: ReasonRule, f: ReasonInput) => rule.text(rule.args(f));

/**
 * Per reason code in `codes` order (drivers.ts), which of `rows` customers it holds for; `fill(i)`
 * loads customer i into `input`.
 */
export function holdingMasks(
  rows: number,
  fill: (i: number) => void,
  input: ReasonInput,
  codes: readonly string[] = DRIVER_CODES,
  all: readonly ReasonRule[] = REASON_RULES,
): Uint8Array[] {
  const rules = codes.map((code) => all.find((rule) => rule.code === code));
  const masks = codes.map(() => new Uint8Array(rows));
  for (let i = 0; i < rows; i++) {
    fill(i);
    for (let g = 0; g < rules.length; g++) if (rules[g]?.applies(input)) masks[g][i] = 1;
  }
  return masks;
}

export function reasonsFor(features: ReasonInput, max = 3, impact?: Readonly<Record<string, number>>): Reason[] {
  const holding = REASON_RULES.filter((rule) => rule.applies(features));
  // Stable sort: equal impacts keep the rule order.
  if (impact) holding.sort((a, b) => (impact[b.code] ?? 0) - (impact[a.code] ?? 0));
  return holding.slice(0, max).map((rule) => ({
    code: rule.code,
    label: labelOf(rule, features),
    ...(impact ? { impact: Math.round((impact[rule.code] ?? 0) * 1000) / 1000 } : {}),
  }));
}
