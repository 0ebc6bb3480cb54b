// The reasons a scoring run can give: the fixed ones (reasons.ts, drivers.ts) and one per declared
// event type, worded from its declared labels ("3 coupons redeemed in 30 days" reads as
// "Coupon redeemed: 3 in the last 30 days"). A declared type's reason holds where the customer has
// that signal in the last year, and is shown only where the model says it raises the risk
// (raisesRiskOnly): nobody declared whether a coupon or a late delivery is good or bad news.
import type { EventTypeDeclaration } from '../db/declarations.ts';
import { eventColumn, themeColumn, type FeatureSet } from '../features/feature-set.ts';
import { absentFeature, type Signal } from '../features/signals.ts';
import { DRIVER_FEATURES } from './drivers.ts';
import { REASON_INPUTS, REASON_RULES, type ReasonInput, type ReasonRule } from './reasons.ts';

export interface ReasonBook {
  rules: readonly ReasonRule[];
  /** Inputs behind each reason code, in the order attributions are computed. */
  drivers: Readonly<Record<string, readonly string[]>>;
  codes: readonly string[];
  /** Numeric snapshot columns the rules read. */
  inputs: readonly string[];
}

type Declared = Pick<EventTypeDeclaration, 'type' | 'label'>;

/** The signal each fixed reason speaks of: without it in the history the reason is no fact (issue 23). */
const RULE_SIGNALS: Readonly<Record<string, Signal>> = {
  overdue_purchase: 'purchase',
  never_purchased: 'purchase',
  no_recent_login: 'login',
  unresolved_tickets: 'support_ticket',
  detractor: 'survey',
};

/** `signals`: the fixed features' event types the history has (FeatureSet.signals; undefined: all). */
export function reasonBook(
  eventTypes: readonly Declared[],
  subscriptions = false,
  voice: FeatureSet['voice'] = null,
  signals?: readonly Signal[],
): ReasonBook {
  const book = fullBook(eventTypes, subscriptions, voice);
  return signals ? withoutAbsent(book, signals) : book;
}

/** The book without the reasons of absent signals, and without their inputs in any driver group. */
function withoutAbsent(book: ReasonBook, signals: readonly Signal[]): ReasonBook {
  const keep = (code: string) => !(code in RULE_SIGNALS) || signals.includes(RULE_SIGNALS[code]);
  const drivers: Record<string, readonly string[]> = {};
  for (const [code, inputs] of Object.entries(book.drivers)) {
    const present = inputs.filter((name) => !absentFeature(name, signals));
    if (keep(code) && present.length) drivers[code] = present;
  }
  return {
    rules: book.rules.filter((rule) => rule.code in drivers),
    drivers,
    codes: Object.keys(drivers),
    inputs: book.inputs,
  };
}

function fullBook(eventTypes: readonly Declared[], subscriptions: boolean, voice: FeatureSet['voice']): ReasonBook {
  const custom = [
    ...(subscriptions ? SUBSCRIPTION_RULES : []),
    ...(voice ? [...voice.map(themeRule), NEGATIVE_FEEDBACK_RULE] : []),
    ...eventTypes.map(declaredTypeRule),
  ];
  const drivers: Record<string, readonly string[]> = {
    ...DRIVER_FEATURES,
    ...(subscriptions ? SUBSCRIPTION_DRIVERS : {}),
  };
  if (voice) {
    for (const t of voice) drivers[themeRuleCode(t.code)] = [themeColumn(t.code)];
    drivers.negative_feedback = VOICE_INPUTS;
  }
  for (const t of eventTypes) {
    const c = eventColumn(t.type);
    drivers[c] = [`${c}_30`, `${c}_90`, `${c}_365`, `${c}_days_since`, `${c}_trend`];
  }
  return {
    rules: [...REASON_RULES, ...custom],
    drivers,
    codes: Object.keys(drivers),
    inputs: [
      ...REASON_INPUTS,
      ...(subscriptions ? SUBSCRIPTION_INPUTS : []),
      ...(voice ? [...VOICE_INPUTS, ...voice.map((t) => themeColumn(t.code))] : []),
      ...eventTypes.flatMap((t) => ['_30', '_365', '_days_since'].map((s) => eventColumn(t.type) + s)),
    ],
  };
}

/** Subscription signals (feature-set.ts, where the history has subscription events): risks by their nature. */
const SUBSCRIPTION_INPUTS = [
  'in_contract',
  'months_to_contract_end',
  'payments_failed_90',
  'price_increases_365',
  'downgrades_365',
] as const;

const SUBSCRIPTION_DRIVERS: Record<string, readonly string[]> = {
  contract_ending: ['months_to_contract_end', 'in_contract'],
  failed_payments: ['payments_failed_90'],
  price_increase: ['price_increases_365'],
  downgrade: ['downgrades_365', 'plan_changes_365'],
};

/** Days a contract ending soon counts as a reason (and the renewal call's window in the playbook). */
export const CONTRACT_ENDING_DAYS = 60;

const value = (f: ReasonInput, name: string) => (f as unknown as Record<string, number>)[name];

const SUBSCRIPTION_RULES: readonly ReasonRule[] = [
  {
    code: 'contract_ending',
    applies: (f) =>
      value(f, 'in_contract') === 1 && value(f, 'months_to_contract_end') * 30.4375 <= CONTRACT_ENDING_DAYS,
    args: (f) => [Math.max(0, Math.round(value(f, 'months_to_contract_end') * 30.4375))],
    text: ([d]) => ({ en: `Contract ends in ${d} days`, 'zh-CN': `合同 ${d} 天后到期` }),
  },
  {
    code: 'failed_payments',
    applies: (f) => value(f, 'payments_failed_90') >= 1,
    args: (f) => [value(f, 'payments_failed_90')],
    text: ([n]) => ({
      en: `${n} failed payment${n === 1 ? '' : 's'} in 90 days`,
      'zh-CN': `90 天内 ${n} 次付款失败`,
    }),
  },
  {
    code: 'price_increase',
    applies: (f) => value(f, 'price_increases_365') >= 1,
    args: () => [],
    text: () => ({ en: 'Price went up in the last year', 'zh-CN': '近一年价格上调' }),
  },
  {
    code: 'downgrade',
    applies: (f) => value(f, 'downgrades_365') >= 1,
    args: () => [],
    text: () => ({ en: 'Moved to a cheaper plan in the last year', 'zh-CN': '近一年降级到更便宜的套餐' }),
  },
];

/** What customers wrote (feature-set.ts, where feedback texts were read; docs/voice.md). */
const VOICE_INPUTS = [
  'negative_feedback_30',
  'negative_feedback_90',
  'unanswered_negative_90',
  'mean_sentiment_365',
  'feedback_90',
];

/** A complaint theme's reason code (and playbook driver): complaint_delivery, complaint_billing, ... */
export const themeRuleCode = (code: string) => `complaint_${code}`;

/** Complaints are risks by their nature, as open tickets are: shown wherever they hold. */
function themeRule({ code, label }: NonNullable<FeatureSet['voice']>[number]): ReasonRule {
  const column = themeColumn(code);
  return {
    code: themeRuleCode(code),
    applies: (f) => value(f, column) >= 1,
    args: (f) => [value(f, column)],
    text: ([n]) => ({
      en: `${n === 1 ? 'A complaint' : `${n} complaints`} about ${label.en.toLowerCase()} in 90 days`,
      'zh-CN': `90 天内${n === 1 ? '一' : ` ${n} `}次投诉${label['zh-CN']}问题`,
    }),
  };
}

const NEGATIVE_FEEDBACK_RULE: ReasonRule = {
  code: 'negative_feedback',
  applies: (f) => value(f, 'negative_feedback_90') >= 1,
  // [negative texts in 90 days, of them unanswered]
  args: (f) => [value(f, 'negative_feedback_90'), value(f, 'unanswered_negative_90')],
  text: ([n, open]) => {
    const en = `${n} negative comment${n === 1 ? '' : 's'} in 90 days`;
    const zh = `90 天内 ${n} 条负面反馈`;
    return open >= 1 ? { en: `${en}, ${open} not answered`, 'zh-CN': `${zh}，${open} 条未回复` } : { en, 'zh-CN': zh };
  },
};

function declaredTypeRule({ type, label }: Declared): ReasonRule {
  const c = eventColumn(type);
  const read = (f: ReasonInput, suffix: string) => (f as unknown as Record<string, number>)[`${c}${suffix}`];
  return {
    code: c,
    raisesRiskOnly: true,
    applies: (f) => read(f, '_365') >= 1,
    // [events in 30 days, days since the last, events in 365 days]
    args: (f) => [read(f, '_30'), Math.round(read(f, '_days_since')), read(f, '_365')],
    text: ([recent, since, year]) =>
      recent >= 1
        ? { en: `${label.en}: ${recent} in the last 30 days`, 'zh-CN': `${label['zh-CN']}：近 30 天 ${recent} 次` }
        : {
            en: `${label.en}: none in ${since} days (${year} in the last year)`,
            'zh-CN': `${label['zh-CN']}：已 ${since} 天没有（近一年 ${year} 次）`,
          },
  };
}
