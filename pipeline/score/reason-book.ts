// The reasons a scoring run can give: the fixed ones (reasons.ts, drivers.ts) and one per declared
// event type, worded from its declared labels ("3 coupons redeemed in 30 days" reads as
// "Coupon redeemed: 3 in the last 30 days"). A declared type's reason holds where the customer has
// that signal in the last year, and is shown only where the model says it raises the risk
// (raisesRiskOnly): nobody declared whether a coupon or a late delivery is good or bad news.
import type { EventTypeDeclaration } from '../db/declarations.ts';
import { eventColumn } from '../features/feature-set.ts';
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

export function reasonBook(eventTypes: readonly Declared[]): ReasonBook {
  const custom = eventTypes.map(declaredTypeRule);
  const drivers: Record<string, readonly string[]> = { ...DRIVER_FEATURES };
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
      ...eventTypes.flatMap((t) => ['_30', '_365', '_days_since'].map((s) => eventColumn(t.type) + s)),
    ],
  };
}

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
