// The simulator's true effects of the default playbook's actions (docs/simulation.md): what each action
// really does to a treated customer's chance of buying in the follow-up window, by the customer's value tier
// when the plan chose him. Never read by the pipeline: the plan only ever sees outcomes. Two worlds of truth:
// `mostly-right` (fixed before any simulation was run): most actions help roughly as the playbook expects,
// some help VIPs and hurt others, some do nothing; `misjudged` (fixed after the first measured runs showed
// that the playbook lost little there, before any run of it): the playbook overrates its favourite contacts
// and underrates two.
//   help h: a customer who would not have bought buys with probability h;
//   harm k: a customer who would have bought does not, with probability k.
// The true effect on a group (absolute retention difference, treated − untreated) is then the mean of
// h·(1 − y0) − k·y0 over its customers, y0 = whether he bought without the action.
import type { ValueTier } from '../vocabulary.ts';

export interface Flip {
  help: number;
  harm: number;
}

type ByTier = Partial<Record<ValueTier, Flip>>;

const help = (h: number): Flip => ({ help: h, harm: 0 });
const harm = (k: number): Flip => ({ help: 0, harm: k });
const all = (f: Flip): ByTier => ({ vip: f, high: f, medium: f, low: f });

const MOSTLY_RIGHT: Readonly<Record<string, ByTier>> = {
  vip_manager_visit: all(help(0.4)),
  vip_care_call: { vip: help(0.3), high: help(0.1) },
  service_recovery_call: all(help(0.3)),
  delivery_recovery_call: all(help(0.25)),
  billing_review: all(help(0.25)),
  quality_replacement: all(help(0.15)),
  service_apology_call: all(help(0.1)),
  app_help_message: all(help(0.05)),
  feedback_follow_up: all(help(0.1)),
  renewal_call: all(help(0.25)),
  payment_recovery: all(help(0.2)),
  price_loyalty_offer: all(help(0.1)),
  satisfaction_followup: all(help(0.15)),
  // Welcomed by the best customers, an intrusion to the rest.
  wechat_care_message: { vip: help(0.15), high: help(0.08), medium: harm(0.06), low: harm(0.06) },
  // Does nothing.
  onboarding_help: {},
  // Points feel cheap to big spenders and put them off; they bring back smaller ones.
  loyalty_points_bonus: { vip: harm(0.05), high: harm(0.05), medium: help(0.06), low: help(0.06) },
  win_back_offer: all(help(0.05)),
  // Does nothing.
  retention_email: {},
};

const MISJUDGED: Readonly<Record<string, ByTier>> = {
  vip_manager_visit: all(help(0.25)),
  // Welcomed by VIPs; the next tier finds the call intrusive.
  vip_care_call: { vip: help(0.2), high: harm(0.08) },
  service_recovery_call: all(help(0.3)),
  delivery_recovery_call: all(help(0.25)),
  billing_review: all(help(0.25)),
  quality_replacement: all(help(0.15)),
  service_apology_call: {},
  app_help_message: all(help(0.05)),
  feedback_follow_up: {},
  renewal_call: all(help(0.25)),
  payment_recovery: all(help(0.2)),
  price_loyalty_offer: all(help(0.1)),
  // Underrated by the playbook.
  satisfaction_followup: all(help(0.35)),
  wechat_care_message: { vip: help(0.1), high: help(0.1), medium: harm(0.12), low: harm(0.12) },
  onboarding_help: {},
  loyalty_points_bonus: { vip: harm(0.08), high: harm(0.08) },
  // Underrated by the playbook.
  win_back_offer: all(help(0.12)),
  // Mail fatigue.
  retention_email: all(harm(0.03)),
};

export const TRUE_EFFECTS = { 'mostly-right': MOSTLY_RIGHT, misjudged: MISJUDGED } as const;
export type Truth = keyof typeof TRUE_EFFECTS;
export const TRUTHS = Object.keys(TRUE_EFFECTS) as Truth[];

const NONE: Flip = { help: 0, harm: 0 };

/** The true flip of an action for a customer of a value tier; actions the table does not know do nothing. */
export function trueFlip(truth: Truth, action: string, valueTier: string): Flip {
  return TRUE_EFFECTS[truth][action]?.[valueTier as ValueTier] ?? NONE;
}

/** P(bought in the window | treated) given whether he would have bought untreated. */
export function treatedChance(flip: Flip, y0: boolean): number {
  return y0 ? 1 - flip.harm : flip.help;
}
