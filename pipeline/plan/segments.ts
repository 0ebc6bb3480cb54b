// Customer segments computed at scoring time: lifecycle stage (relative to each customer's own usual
// purchase gap and to absolute days), value tier, and the named RFM segment from R, F, M quintiles.
// Pure functions: the thresholds come from config and every edge is tested.

export type Lifecycle = 'new' | 'active' | 'silent' | 'churned';
export const VALUE_TIERS = ['vip', 'high', 'medium', 'low'] as const;
export type ValueTier = (typeof VALUE_TIERS)[number];

export interface LifecycleConfig {
  /** Customers younger than this are new (unless they have already gone silent). */
  newDays: number;
  /** Silent after max(silentDays, silentGapMultiple x usual gap) without a purchase. */
  silentDays: number;
  silentGapMultiple: number;
  /** Churned after max(churnedDays, churnedGapMultiple x usual gap) without a purchase. */
  churnedDays: number;
  churnedGapMultiple: number;
}

export const DEFAULT_LIFECYCLE: LifecycleConfig = {
  newDays: 90,
  silentDays: 60,
  silentGapMultiple: 2,
  churnedDays: 180,
  churnedGapMultiple: 4,
};

export interface LifecycleInput {
  tenureDays: number;
  /** Days since the last purchase; for a customer who never bought, days since signup. */
  recencyDays: number;
  /** Mean days between purchase days; for fewer than two purchase days, null. */
  usualGapDays: number | null;
  purchases: number;
}

export function lifecycleStage(c: LifecycleInput, cfg: LifecycleConfig = DEFAULT_LIFECYCLE): Lifecycle {
  const gap = c.usualGapDays ?? 0;
  const churnedAfter = Math.max(cfg.churnedDays, cfg.churnedGapMultiple * gap);
  const silentAfter = Math.max(cfg.silentDays, cfg.silentGapMultiple * gap);
  if (c.recencyDays >= churnedAfter) return 'churned';
  if (c.tenureDays < cfg.newDays) return 'new';
  if (c.purchases === 0 || c.recencyDays >= silentAfter) return 'silent';
  return 'active';
}

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
  const cuts: [ValueTier, number][] = [['vip', topCount(cfg.vip)], ['high', topCount(cfg.high)], ['medium', topCount(cfg.medium)]];
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

export const RFM_SEGMENTS = [
  'champions', 'loyal', 'potential_loyalists', 'new_customers', 'promising', 'need_attention',
  'about_to_sleep', 'at_risk', 'cannot_lose', 'hibernating', 'lost',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/**
 * The usual named RFM segments from quintile scores 1..5 (5 = most recent / most frequent / highest
 * spend), on R and the rounded mean of F and M. Rules are checked in order; every (R, FM) pair maps.
 */
export function rfmSegment(r: number, f: number, m: number): RfmSegment {
  const fm = Math.round((f + m) / 2);
  if (r >= 4 && fm >= 4) return 'champions';
  if (r >= 3 && fm >= 4) return 'loyal';
  if (r >= 4 && fm >= 2) return 'potential_loyalists';
  if (r === 5 && fm === 1) return 'new_customers';
  if (r === 4 && fm === 1) return 'promising';
  if (r === 3 && fm >= 2) return 'need_attention';
  if (r === 3) return 'about_to_sleep';
  if (r <= 2 && fm === 5) return 'cannot_lose';
  if (r <= 2 && fm >= 3) return 'at_risk';
  if (r === 2) return 'hibernating';
  return 'lost';
}

/** Quintile scores 1..5 of a column: 5 for the best fifth. Ties share the lower score. */
export function quintileScores(values: ArrayLike<number>, higherIsBetter: boolean): Uint8Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    higherIsBetter ? values[a] - values[b] : values[b] - values[a],
  );
  const out = new Uint8Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const score = Math.min(5, Math.floor((i * 5) / n) + 1);
    for (let k = i; k <= j; k++) out[order[k]] = score;
    i = j + 1;
  }
  return out;
}
