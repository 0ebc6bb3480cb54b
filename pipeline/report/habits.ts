// The report's habit segments, defined once (docs/playbook.md, "Interest and habit segments"): from
// the as-of snapshot's shares of a customer's own activity events over 365 days, first rule that holds.
import type { Labels } from '../vocabulary.ts';

export const HABIT_THRESHOLDS = {
  /** night_share_365 (22:00-06:00 local time) at least this: night owl. */
  nightOwl: 0.5,
  /** weekend_share_365 at least this: weekend shopper. */
  weekendShopper: 0.6,
} as const;

/** In display order; `no_activity`: no activity event in the 365 days (the shares are empty). */
export const HABIT_SEGMENTS = ['night_owl', 'weekend_shopper', 'weekday_daytime', 'no_activity'] as const;

export const HABIT_LABELS: Labels<(typeof HABIT_SEGMENTS)[number]> = {
  night_owl: { en: 'Night owl', 'zh-CN': '夜猫子' },
  weekend_shopper: { en: 'Weekend shopper', 'zh-CN': '周末型' },
  weekday_daytime: { en: 'Weekday daytime', 'zh-CN': '工作日白天' },
  no_activity: { en: 'No activity', 'zh-CN': '无活动' },
};
