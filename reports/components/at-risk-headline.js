// Headline of the at-risk page: how many customers are at risk and listed, per tier, and how many
// match the filters. Uses the optional `atRisk` count when the publisher provides it.
import { el } from './dom.js';
import { formatInt, formatPercent } from './format.js';
import { t, tierLabel } from './labels.js';
import { TIERS } from './tiers.js';
import { tierBadge } from './tier-badge.js';

export function atRiskHeadline(data, filtered) {
  const counts = TIERS.map((tier) => [tier, data.rows.filter((r) => r.riskTier === tier).length]);
  const th = data.riskThresholds;
  return el(
    'div',
    { class: 'at-risk-headline' },
    el(
      'p',
      { class: 'lead' },
      t(data.atRisk == null ? 'atRisk.headline' : 'atRisk.headlineCount', {
        atRisk: formatInt(data.atRisk),
        shown: formatInt(data.shown ?? data.rows.length),
        total: formatInt(data.total),
      }),
    ),
    el(
      'p',
      { class: 'tier-counts' },
      counts.map(([tier, n]) =>
        el('span', { class: 'tier-count', title: tierLabel(tier) }, tierBadge(tier), ' ', formatInt(n)),
      ),
    ),
    th
      ? el(
          'p',
          { class: 'muted' },
          t('atRisk.thresholds', { high: formatPercent(th.high), medium: formatPercent(th.medium) }),
        )
      : null,
    el(
      'p',
      { class: 'match-count', 'data-count': filtered.length },
      t('atRisk.filtered', { count: formatInt(filtered.length) }),
    ),
  );
}
