// Risk tiers: one order and one colour per tier, shared by every chart and table.
// Mid-saturation hues that keep their contrast on the light and the dark theme.

export const TIERS = ["high", "medium", "low"];

export const TIER_COLORS = { high: "#e15759", medium: "#f28e2b", low: "#4e9f50" };

/** A Vega-Lite color scale with the fixed tier order and colours. */
export function tierScale() {
  return { domain: TIERS, range: TIERS.map((tier) => TIER_COLORS[tier]) };
}

export function tierRank(tier) {
  const i = TIERS.indexOf(tier);
  return i < 0 ? TIERS.length : i;
}

/** Value tiers, most valuable first, with one colour each (a sequential blue ramp). */
export const VALUE_TIERS = ["vip", "high", "medium", "low"];

export const VALUE_TIER_COLORS = { vip: "#3b2f8f", high: "#4269d0", medium: "#7fa6e0", low: "#b9cdea" };
