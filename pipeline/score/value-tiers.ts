// Value tiers by predicted value, computed when scoring (scores.value_tier) for all customers at once:
// quantiles need the whole distribution. The thresholds come from config (plan.valueTiers).
import type { ValueTier } from '../vocabulary.ts';

export interface ValueTierConfig {
  /** 'quantile': shares of customers from the top; 'absolute': minimum predicted value per tier. */
  mode: 'quantile' | 'absolute';
  vip: number;
  high: number;
  medium: number;
}

export const DEFAULT_VALUE_TIERS: ValueTierConfig = { mode: 'quantile', vip: 0.05, high: 0.2, medium: 0.5 };

/** Value tiers for all customers at once (quantiles need the whole distribution). */
export function valueTiers(values: ArrayLike<number>, cfg: ValueTierConfig = DEFAULT_VALUE_TIERS): ValueTier[] {
  const n = values.length;
  const tiers = new Array<ValueTier>(n);
  if (cfg.mode === 'absolute') {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      tiers[i] = v >= cfg.vip ? 'vip' : v >= cfg.high ? 'high' : v >= cfg.medium ? 'medium' : 'low';
    }
    return tiers;
  }
  // Ranked from the top, ties broken by position (deterministic). Customer i has rank r among the
  // top k when its value beats the k-th largest, or equals it and comes early enough among equals:
  // so one numeric sort finds each tier's cut, where sorting a million indices by comparator took seconds.
  const sorted = Float64Array.from(values, (v) => v + 0).sort(); // + 0: -0 ranks as 0
  const share = (rank: number) => rank / Math.max(n, 1);
  const topCount = (cut: number) => {
    let k = Math.min(n, Math.max(0, Math.ceil(cut * n)));
    while (k > 0 && !(share(k - 1) < cut)) k--;
    while (k < n && share(k) < cut) k++;
    return k;
  };
  const cuts: [ValueTier, number][] = [
    ['vip', topCount(cfg.vip)],
    ['high', topCount(cfg.high)],
    ['medium', topCount(cfg.medium)],
  ];
  tiers.fill('low');
  // From the widest cut to the narrowest, so the top tier is written last.
  for (let c = cuts.length - 1; c >= 0; c--) {
    const [tier, k] = cuts[c];
    if (k === 0) continue;
    const kth = sorted[n - k];
    let greater = 0;
    for (let i = 0; i < n; i++) if (values[i] + 0 > kth) greater++;
    let ties = k - greater;
    for (let i = 0; i < n; i++) {
      const v = values[i] + 0;
      if (v > kth || (v === kth && ties-- > 0)) tiers[i] = tier;
    }
  }
  return tiers;
}
