// Who a synthetic subscriber is (subscription-generator.ts simulates what they do): region, channel
// and plan as the retail generator draws them, and the attributes a subscription business keeps,
// declared like a mapping would declare them. The effects on churn follow the telco data everyone
// knows: month-to-month contracts and electronic-check payers leave more, two-year contracts least.
import type { AttributeKind } from '../db/declarations.ts';
import { CHANNELS, CHANNEL_W, cumulative, parseDay, REGIONS, REGION_W } from './generator.ts';
import { fakeContact } from './names.ts';
import type { Rng } from './prng.ts';

export const SUB_PLANS = ['basic', 'standard', 'premium'] as const;
export type SubPlan = (typeof SUB_PLANS)[number];
const PLAN_W = cumulative([0.4, 0.4, 0.2]);

export const CONTRACTS = ['month-to-month', 'one-year', 'two-year'] as const;
export type Contract = (typeof CONTRACTS)[number];
export const TERM_MONTHS: Record<Contract, number> = { 'month-to-month': 1, 'one-year': 12, 'two-year': 24 };
const CONTRACT_W = cumulative([0.55, 0.24, 0.21]);
const CONTRACT_W_BY_CHANNEL: Partial<Record<string, Float64Array>> = {
  partner: cumulative([0.75, 0.15, 0.1]),
  store: cumulative([0.4, 0.3, 0.3]),
};

const PAYMENT_METHODS = ['electronic check', 'mailed check', 'bank transfer', 'credit card'] as const;
type PaymentMethod = (typeof PAYMENT_METHODS)[number];
const PAYMENT_W = cumulative([0.34, 0.23, 0.22, 0.21]);
const SENIOR_PAYMENT_W = cumulative([0.25, 0.4, 0.2, 0.15]);
/** Share of billing attempts that fail, by payment method. */
export const PAYMENT_FAILS: Record<PaymentMethod, number> = {
  'electronic check': 0.07,
  'mailed check': 0.05,
  'bank transfer': 0.015,
  'credit card': 0.03,
};

const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
const AGE_W = cumulative([0.14, 0.24, 0.21, 0.17, 0.12, 0.12]);

// Churn hazard multipliers of the customer's fixed traits (their product is the profile's `risk`).
const PAYMENT_HAZARD: Record<PaymentMethod, number> = {
  'electronic check': 2,
  'mailed check': 1.05,
  'bank transfer': 0.75,
  'credit card': 0.7,
};
const AGE_HAZARD: Record<(typeof AGE_BANDS)[number], number> = {
  '18-24': 1.35,
  '25-34': 1.15,
  '35-44': 0.95,
  '45-54': 0.85,
  '55-64': 0.85,
  '65+': 1.3,
};
const PLAN_HAZARD: Record<SubPlan, number> = { basic: 1.15, standard: 1, premium: 0.85 };
const CHANNEL_HAZARD: Record<string, number> = { web: 1, app: 0.9, store: 0.9, referral: 0.75, partner: 1.35 };

/** Monthly list prices from a day on: later rows raise some plans (contracts keep theirs until renewal). */
const PRICE_LIST: readonly { from: string; prices: Record<SubPlan, number> }[] = [
  { from: '1970-01-01', prices: { basic: 29, standard: 49, premium: 79 } },
  { from: '2025-04-01', prices: { basic: 29, standard: 55, premium: 89 } },
  { from: '2026-01-01', prices: { basic: 32, standard: 55, premium: 89 } },
];
const PRICE_DAYS = PRICE_LIST.map((p) => parseDay(p.from, 'price list'));

/** The monthly list price of a plan on a day (epoch days). */
export function listPrice(plan: SubPlan, day: number): number {
  let i = PRICE_DAYS.length - 1;
  while (PRICE_DAYS[i] > day) i--;
  return PRICE_LIST[i].prices[plan];
}

/** The attributes the generator declares (attribute_declarations) and writes (customer_attributes). */
export const SUBSCRIPTION_ATTRIBUTES: readonly {
  name: string;
  kind: AttributeKind;
  label: { en: string; 'zh-CN': string };
}[] = [
  { name: 'contract', kind: 'categorical', label: { en: 'Contract', 'zh-CN': '合同类型' } },
  { name: 'payment_method', kind: 'categorical', label: { en: 'Payment method', 'zh-CN': '付款方式' } },
  { name: 'age_band', kind: 'categorical', label: { en: 'Age band', 'zh-CN': '年龄段' } },
  { name: 'senior', kind: 'numeric', label: { en: 'Senior (65+)', 'zh-CN': '老年用户（65 岁以上）' } },
];

export interface SubscriberProfile {
  signupDay: number;
  region: (typeof REGIONS)[number];
  channel: (typeof CHANNELS)[number];
  plan: SubPlan;
  contract: Contract;
  /** One-year contracts only: the year paid up front (else billed monthly). */
  prepaid: boolean;
  payment: PaymentMethod;
  ageBand: (typeof AGE_BANDS)[number];
  senior: boolean;
  contact: ReturnType<typeof fakeContact>;
  /** Unobserved proneness to leave, Gamma(0.9) with mean 1: the heterogeneity that makes cohorts' retention rise with tenure. */
  frailty: number;
  /** Product of the fixed traits' hazard multipliers. */
  risk: number;
  /** How much a price increase raises the hazard (multiplier minus one). */
  priceSensitivity: number;
  loginRate: number;
  addOnRate: number;
  addOnSpend: number;
  ticketRate: number;
  appShare: number;
  resolveProb: number;
}

/** Draws a subscriber who signs up on `signupDay`; the order of the draws is part of the seed's output. */
export function drawSubscriber(rng: Rng, signupDay: number): SubscriberProfile {
  const region = REGIONS[rng.pickCumulative(REGION_W)];
  const channel = CHANNELS[rng.pickCumulative(CHANNEL_W)];
  const plan = SUB_PLANS[rng.pickCumulative(PLAN_W)];
  const contract = CONTRACTS[rng.pickCumulative(CONTRACT_W_BY_CHANNEL[channel] ?? CONTRACT_W)];
  const ageBand = AGE_BANDS[rng.pickCumulative(AGE_W)];
  const senior = ageBand === '65+';
  const payment = PAYMENT_METHODS[rng.pickCumulative(senior ? SENIOR_PAYMENT_W : PAYMENT_W)];
  const contact = fakeContact(rng, region === 'overseas');
  const frailty = rng.gamma(0.9, 1 / 0.9);
  // Those prone to leave use the service less: part of the frailty shows in their logins.
  const usage = rng.gamma(2, 0.5) / Math.sqrt(0.3 + frailty);
  return {
    signupDay,
    region,
    channel,
    plan,
    contract,
    prepaid: contract === 'one-year' && rng.chance(0.5),
    payment,
    ageBand,
    senior,
    contact,
    frailty,
    risk:
      PAYMENT_HAZARD[payment] *
      AGE_HAZARD[ageBand] *
      PLAN_HAZARD[plan] *
      CHANNEL_HAZARD[channel] *
      (region === 'overseas' ? 1.2 : 1),
    priceSensitivity: rng.lognormal(-0.2, 0.6),
    loginRate: 6 * usage * (plan === 'premium' ? 1.3 : plan === 'basic' ? 0.8 : 1),
    addOnRate: 0.15 * Math.sqrt(usage) * rng.gamma(1.2, 1 / 1.2) * (plan === 'premium' ? 1.6 : 1),
    addOnSpend: 12 * rng.lognormal(-0.1, 0.45),
    ticketRate: 0.09 * rng.gamma(1.5, 1 / 1.5),
    appShare: channel === 'app' ? 0.85 : channel === 'web' ? 0.25 : 0.5,
    resolveProb: region === 'overseas' ? 0.75 : 0.86,
  };
}

/** The declared attributes' values of a profile, in SUBSCRIPTION_ATTRIBUTES' order. */
export function attributeValues(p: SubscriberProfile): { name: string; value: string | null; number: number | null }[] {
  return [
    { name: 'contract', value: p.contract, number: null },
    { name: 'payment_method', value: p.payment, number: null },
    { name: 'age_band', value: p.ageBand, number: null },
    { name: 'senior', value: null, number: p.senior ? 1 : 0 },
  ];
}
