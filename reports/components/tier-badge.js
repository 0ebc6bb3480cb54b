// A coloured badge for a risk tier (same colours as the charts).
import { el } from './dom.js';
import { tierLabel } from './labels.js';
import { TIER_COLORS } from './tiers.js';

export function tierBadge(tier) {
  return el(
    'span',
    { class: `tier-badge tier-${tier}`, style: `--tier-color: ${TIER_COLORS[tier] ?? 'gray'}` },
    tierLabel(tier),
  );
}
