// Words for codes, in English and Simplified Chinese: lifecycle stages, RFM segments, tiers.
// Action and channel names live in the playbook, which the team edits.
import type { Locale } from '../score/reasons.ts';

type Labels = Record<string, Record<Locale, string>>;

export const LIFECYCLE_LABELS: Labels = {
  new: { en: 'New', 'zh-CN': '新客户' },
  active: { en: 'Active', 'zh-CN': '活跃' },
  silent: { en: 'Silent', 'zh-CN': '沉默' },
  churned: { en: 'Churned', 'zh-CN': '已流失' },
};

export const SEGMENT_LABELS: Labels = {
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

export const VALUE_TIER_LABELS: Labels = {
  vip: { en: 'VIP', 'zh-CN': 'VIP' },
  high: { en: 'High', 'zh-CN': '高价值' },
  medium: { en: 'Medium', 'zh-CN': '中价值' },
  low: { en: 'Low', 'zh-CN': '低价值' },
};

export const RISK_TIER_LABELS: Labels = {
  high: { en: 'High', 'zh-CN': '高风险' },
  medium: { en: 'Medium', 'zh-CN': '中风险' },
  low: { en: 'Low', 'zh-CN': '低风险' },
};

export function label(table: Labels, code: string | null, locale: Locale): string {
  if (code === null) return '';
  return table[code]?.[locale] ?? code;
}
