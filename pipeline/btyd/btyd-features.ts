// BG/NBD outputs as inputs of the deep model: P(alive) and expected purchase days over the churn
// horizon. Customers with no purchase before the cutoff get 0 for both (frequency_total = 0 already
// tells them apart).
import type { FeatureSpec } from '../features/feature-list.ts';
import type { AlignedBtyd } from './customer-btyd.ts';

export const BTYD_FEATURES: readonly FeatureSpec[] = [
  { name: 'btyd_p_alive', log: false, description: 'BG/NBD probability that the customer is still alive' },
  { name: 'btyd_expected_purchases', log: true, description: 'BG/NBD expected purchase days in the churn horizon' },
];

export function btydFeatureColumns(aligned: AlignedBtyd): Record<string, Float64Array> {
  const orZero = (column: Float64Array) => column.map((v) => (Number.isNaN(v) ? 0 : v));
  return { btyd_p_alive: orZero(aligned.pAlive), btyd_expected_purchases: orZero(aligned.expectedPurchases) };
}
