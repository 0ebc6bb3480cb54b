// A first action stored with the scores: a small ordered rule table (the first rule that applies
// wins). The action that is exported and shown comes from the plan (pipeline/plan), which uses the
// playbook, channel capacity and a control group.
import type { Channel, Locale, RiskTier, ValueTier } from '../vocabulary.ts';

export interface ActionInput {
  riskTier: RiskTier;
  valueTier: ValueTier;
  reasonCodes: string[];
}

export interface ActionRule {
  code: string;
  label: Record<Locale, string>;
  /** 'none' for the rule that plans no contact. */
  channel: Channel | 'none';
  applies(c: ActionInput): boolean;
}

const atRisk = (c: ActionInput) => c.riskTier !== 'low';

export const ACTION_RULES: readonly ActionRule[] = [
  {
    code: 'vip_call',
    label: { en: 'Account-manager call (VIP care)', 'zh-CN': '客户经理致电（VIP 关怀）' },
    channel: 'phone',
    applies: (c) => atRisk(c) && (c.valueTier === 'vip' || (c.riskTier === 'high' && c.valueTier === 'high')),
  },
  {
    code: 'service_recovery',
    label: { en: 'Service recovery: resolve open tickets', 'zh-CN': '服务补救：解决未结工单' },
    channel: 'phone',
    applies: (c) => atRisk(c) && c.reasonCodes.includes('unresolved_tickets'),
  },
  {
    code: 'satisfaction_followup',
    label: { en: 'Satisfaction follow-up', 'zh-CN': '满意度回访' },
    channel: 'phone',
    applies: (c) => atRisk(c) && c.reasonCodes.includes('detractor'),
  },
  {
    code: 'onboarding',
    label: { en: 'Onboarding help for a new customer', 'zh-CN': '新客户引导' },
    channel: 'email',
    applies: (c) => atRisk(c) && (c.reasonCodes.includes('new_customer') || c.reasonCodes.includes('never_purchased')),
  },
  {
    code: 'win_back_offer',
    label: { en: 'Win-back offer', 'zh-CN': '挽回优惠' },
    channel: 'sms',
    applies: (c) => c.riskTier === 'high',
  },
  {
    code: 'loyalty_points',
    label: { en: 'Loyalty points bonus', 'zh-CN': '积分奖励' },
    channel: 'app_push',
    applies: (c) => c.riskTier === 'medium',
  },
  {
    code: 'none',
    label: { en: 'No action', 'zh-CN': '无需行动' },
    channel: 'none',
    applies: () => true,
  },
];

/** The position in ACTION_RULES of the first rule that applies (the last one always does). */
export function actionIndex(input: ActionInput): number {
  const index = ACTION_RULES.findIndex((rule) => rule.applies(input));
  return index < 0 ? ACTION_RULES.length - 1 : index;
}

export function riskTier(prob: number, thresholds: { high: number; medium: number }): RiskTier {
  return prob >= thresholds.high ? 'high' : prob >= thresholds.medium ? 'medium' : 'low';
}
