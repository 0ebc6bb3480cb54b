// The feature columns features.sql produces, and how the model should see each one.
// `log` marks heavy-tailed counts and amounts that are fed to the model as log1p(x).

export interface FeatureSpec {
  name: string;
  log: boolean;
  description: string;
}

export const NUMERIC_FEATURES: readonly FeatureSpec[] = [
  { name: 'tenure_days', log: true, description: 'days since signup' },
  { name: 'recency_days', log: true, description: 'days since the last purchase (tenure if none)' },
  { name: 'frequency_total', log: true, description: 'purchases before the cutoff' },
  { name: 'frequency_30', log: true, description: 'purchases in the last 30 days' },
  { name: 'frequency_90', log: true, description: 'purchases in the last 90 days' },
  { name: 'frequency_365', log: true, description: 'purchases in the last 365 days' },
  { name: 'monetary_total', log: true, description: 'spend before the cutoff' },
  { name: 'monetary_30', log: true, description: 'spend in the last 30 days' },
  { name: 'monetary_90', log: true, description: 'spend in the last 90 days' },
  { name: 'monetary_365', log: true, description: 'spend in the last 365 days' },
  { name: 'avg_order_value', log: true, description: 'mean purchase amount' },
  { name: 'refunds_365', log: true, description: 'refunds in the last 365 days' },
  { name: 'gap_mean_days', log: true, description: 'mean days between purchase days' },
  { name: 'gap_std_days', log: true, description: 'standard deviation of days between purchase days' },
  { name: 'purchase_trend', log: false, description: 'purchases last 90 days vs the 90 before, in [-1, 1)' },
  { name: 'logins_30', log: true, description: 'logins in the last 30 days' },
  { name: 'logins_90', log: true, description: 'logins in the last 90 days' },
  { name: 'login_trend', log: false, description: 'logins last 90 days vs the 90 before, in [-1, 1)' },
  {
    name: 'days_since_login',
    log: true,
    description: 'days since the last login (tenure if none; 0 for all in a history without logins)',
  },
  { name: 'email_opens_90', log: true, description: 'emails opened in the last 90 days' },
  { name: 'tickets_90', log: true, description: 'support tickets opened in the last 90 days' },
  { name: 'tickets_365', log: true, description: 'support tickets opened in the last 365 days' },
  { name: 'unresolved_tickets', log: true, description: 'tickets opened minus tickets resolved' },
  { name: 'has_survey', log: false, description: '1 when the customer ever answered a survey' },
  { name: 'last_survey_score', log: false, description: 'last NPS answer 0-10 (7.5 when none)' },
  { name: 'mean_survey_score', log: false, description: 'mean NPS answer 0-10 (7.5 when none)' },
  { name: 'detractor_365', log: true, description: 'NPS answers 0-6 in the last 365 days' },
  { name: 'care_contacts_90', log: true, description: 'care contacts in the last 90 days' },
];

/** Customer attributes, one-hot encoded with the vocabulary seen at training time. */
export const CATEGORICAL_FEATURES = ['region', 'channel', 'plan'] as const;
export type CategoricalFeature = (typeof CATEGORICAL_FEATURES)[number];

/**
 * Whether the model sees a numeric feature as log1p(x): the fixed features' own setting; for the
 * features only some histories have (feature-set.ts), counts and days since are heavy-tailed, shares,
 * trends and attributes are not.
 */
export function logScaled(name: string): boolean {
  const fixed = NUMERIC_FEATURES.find((f) => f.name === name);
  if (fixed) return fixed.log;
  return !name.startsWith('attr_') && !name.includes('share') && /_(30|90|365|days_since)$/.test(name);
}

/** The model's spec of each numeric column of a feature set, in its order. */
export const numericSpecs = (names: readonly string[]) => names.map((name) => ({ name, log: logScaled(name) }));
