// Shared colours and orders: risk tiers, value tiers and contact channels, one colour each, used by every chart and table.
// Mid-saturation hues that keep their contrast on the light and the dark theme. The codes are those of
// pipeline/vocabulary.ts (test/vocabulary.test.ts holds them to it); the orders here are for display.

export const TIERS = ['high', 'medium', 'low'];

export const TIER_COLORS = { high: '#e15759', medium: '#f28e2b', low: '#4e9f50' };

/** A Vega-Lite color scale with the fixed tier order and colours. */
export function tierScale() {
  return { domain: TIERS, range: TIERS.map((tier) => TIER_COLORS[tier]) };
}

export function tierRank(tier) {
  const i = TIERS.indexOf(tier);
  return i < 0 ? TIERS.length : i;
}

/** Value tiers, most valuable first, with one colour each (a sequential blue ramp). */
export const VALUE_TIERS = ['vip', 'high', 'medium', 'low'];

export const VALUE_TIER_COLORS = { vip: '#3b2f8f', high: '#4269d0', medium: '#7fa6e0', low: '#b9cdea' };

/** Contact channels, most personal first, with one colour each (same on every page). */
export const CHANNELS = ['visit', 'phone', 'wechat', 'sms', 'app_push', 'email', 'mail', 'other'];

export const CHANNEL_COLORS = {
  visit: '#a463f2',
  phone: '#4269d0',
  wechat: '#3ca951',
  sms: '#efb118',
  app_push: '#ff725c',
  email: '#6cc5b0',
  mail: '#97bbf5',
  other: '#9c9c9c',
};

/** A Vega-Lite color scale with the fixed channel order and colours (only the channels given, if any). */
export function channelScale(present) {
  const domain = present ? CHANNELS.filter((c) => present.includes(c)) : CHANNELS;
  return { domain, range: domain.map((c) => CHANNEL_COLORS[c]) };
}

/** Lifecycle stages in their natural order, one colour each. */
export const LIFECYCLES = ['new', 'active', 'silent', 'churned'];

export const LIFECYCLE_COLORS = {
  new: '#6cc5b0',
  active: '#3ca951',
  silent: '#efb118',
  churned: '#e15759',
  none: '#9c9c9c',
};

/** Named RFM segments, best first, one colour each (greens for the best, reds for the lost). */
export const SEGMENTS = [
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
];

export const SEGMENT_COLORS = {
  champions: '#1b7837',
  loyal: '#3ca951',
  potential_loyalists: '#7fbf7b',
  new_customers: '#6cc5b0',
  promising: '#4269d0',
  need_attention: '#efb118',
  about_to_sleep: '#f28e2b',
  at_risk: '#ff725c',
  cannot_lose: '#a463f2',
  hibernating: '#9c755f',
  lost: '#8c8c8c',
};

/** A Vega-Lite scale from an order and a colour map, limited to the codes present (when given). */
export function orderedScale(order, colors, present) {
  const domain = present ? order.filter((c) => present.includes(c)) : order;
  return { domain, range: domain.map((c) => colors[c]) };
}

/** Event types of the interaction history, one colour each. */
export const EVENT_TYPES = [
  'purchase',
  'refund',
  'login',
  'email_open',
  'support_ticket',
  'ticket_resolved',
  'survey',
  'care_contact',
  'subscription_start',
  'renewal',
  'payment',
  'payment_failed',
  'plan_change',
  'cancellation',
];

export const EVENT_COLORS = {
  purchase: '#3ca951',
  refund: '#e15759',
  login: '#97bbf5',
  email_open: '#6cc5b0',
  support_ticket: '#ff725c',
  ticket_resolved: '#efb118',
  survey: '#a463f2',
  care_contact: '#4269d0',
  subscription_start: '#1b9e77',
  renewal: '#66a61e',
  payment: '#a6cee3',
  payment_failed: '#d95f02',
  plan_change: '#e6ab02',
  cancellation: '#7f0000',
};

/** Declared event types (site.json labels.eventType), in the order of their codes: colours unused above. */
export const DECLARED_EVENT_COLORS = [
  '#9c6b4e',
  '#d37295',
  '#8c8c8c',
  '#b6992d',
  '#499894',
  '#59a14f',
  '#f1ce63',
  '#86bcb6',
];

/** Drift levels (monitoring.json), in the risk tiers' traffic-light colours. */
export const LEVELS = ['ok', 'warn', 'alert'];

export const LEVEL_COLORS = { ok: '#4e9f50', warn: '#f28e2b', alert: '#e15759' };

/** Retraining run statuses and how a model became champion (monitoring.json). */
export const RUN_STATUS_COLORS = { succeeded: '#4e9f50', failed: '#e15759', aborted: '#f28e2b', running: '#4269d0' };

export const CHAMPION_HOWS = ['first', 'promoted', 'forced', 'manual'];

export const CHAMPION_HOW_COLORS = { first: '#6cc5b0', promoted: '#4269d0', forced: '#f28e2b', manual: '#a463f2' };
