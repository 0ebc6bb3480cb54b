// Risk tiers of all scored customers at once: by churn probability (config riskThresholds, the
// default), or by share (config riskTiers.by = 'share'): the top shares of customers by value at
// risk, so "high" is a list a team can work through rather than most of the base (issue 23).
import type { Config } from '../config/config-schema.ts';
import type { RiskTier } from '../vocabulary.ts';
import { riskTier } from './actions.ts';
import { valueTiers } from './value-tiers.ts';

export function riskTiers(
  churnProb: ArrayLike<number>,
  value: ArrayLike<number>,
  config: Pick<Config, 'riskThresholds' | 'riskTiers'>,
): RiskTier[] {
  if (config.riskTiers.by === 'probability') return Array.from(churnProb, (p) => riskTier(p, config.riskThresholds));
  const atRisk = Float64Array.from(churnProb, (p, i) => p * value[i]);
  const { high, medium } = config.riskTiers;
  // The value tiers' ranking from the top (ties by position): its two widest cuts are the risk tiers.
  const ranked = valueTiers(atRisk, { mode: 'quantile', vip: high, high: medium, medium });
  return ranked.map((tier) => (tier === 'vip' ? 'high' : tier === 'high' ? 'medium' : 'low'));
}
