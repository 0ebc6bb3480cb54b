// Which inputs stand behind each reason code, for the model's attributions: a reason's weight for a
// customer is how much its group of inputs raises the churn score against a typical active customer
// (models/churn-clv/attribution.ts). Groups follow what a retention agent can act on.

export const DRIVER_FEATURES: Readonly<Record<string, readonly string[]>> = {
  overdue_purchase: ['recency_days', 'gap_mean_days', 'gap_std_days', 'btyd_p_alive', 'btyd_expected_purchases'],
  unresolved_tickets: ['unresolved_tickets', 'tickets_90', 'tickets_365', 'care_contacts_90'],
  detractor: ['has_survey', 'last_survey_score', 'mean_survey_score', 'detractor_365'],
  declining_activity: ['purchase_trend', 'login_trend', 'frequency_30', 'frequency_90', 'monetary_30', 'monetary_90'],
  no_recent_login: ['days_since_login', 'logins_30', 'logins_90', 'email_opens_90'],
  never_purchased: [
    'frequency_total',
    'frequency_365',
    'monetary_total',
    'monetary_365',
    'avg_order_value',
    'refunds_365',
  ],
  new_customer: ['tenure_days'],
  price_sensitive_plan: ['plan'],
};

export const DRIVER_CODES = Object.keys(DRIVER_FEATURES);

/**
 * Input column indices of each driver, in the table's order (one-hot inputs are named `plan=x`);
 * `drivers` is DRIVER_FEATURES or a reason book's (reason-book.ts), which adds the declared event types.
 */
export function driverGroups(
  inputs: readonly string[],
  drivers: Readonly<Record<string, readonly string[]>> = DRIVER_FEATURES,
): number[][] {
  return Object.keys(drivers).map((code) =>
    inputs.flatMap((name, j) => (drivers[code].some((f) => name === f || name.startsWith(`${f}=`)) ? [j] : [])),
  );
}
