// The overview page's headline cards, from overview.json, each with its change since the previous
// published run (runs-history.json) when there is one.
import { formatChange, formatCompact, formatDate, formatInt, formatOneDecimal, formatPercent } from './format.js';
import { kpiCards } from './kpi-cards.js';
import { codeLabel, t } from './labels.js';

/** The run before the current one (same as-of date and model) in runs-history order, or null. */
export function previousRun(o, runs = []) {
  const i = runs.findIndex((r) => r.asOf === o.asOf && r.modelId === o.modelId);
  return i > 0 ? runs[i - 1] : null;
}

/**
 * o: overview.json; runs: runs-history.json's runs; churnDefinition: site.json's definition in words
 * per locale (absent from sites published before it: the horizon alone is said); actions:
 * actions.json, for how many customers the team can reach and the value at risk that covers.
 */
export function overviewKpis(o, runs = [], churnDefinition = null, actions = null) {
  const prev = previousRun(o, runs);
  const retention = o.churn.trailingRate == null ? null : 1 - o.churn.trailingRate;
  const change = (current, key, kind) => {
    if (!prev) return null;
    const before =
      key === 'retention' ? (prev.trailingChurnRate == null ? null : 1 - prev.trailingChurnRate) : prev[key];
    const text = formatChange(current, before, kind);
    return text == null ? null : t('overview.change', { change: text, date: formatDate(prev.asOf) });
  };
  return kpiCards([
    {
      label: t('kpi.active'),
      value: formatInt(o.customers.active),
      note: t('kpi.activeNote', { total: formatInt(o.customers.total), days: o.horizonDays }),
      change: change(o.customers.active, 'activeCustomers'),
    },
    {
      label: t('kpi.trailingChurn'),
      value: formatPercent(o.churn.trailingRate),
      note: t('kpi.trailingChurnNote', { days: o.horizonDays }),
      change: change(o.churn.trailingRate, 'trailingChurnRate', 'points'),
    },
    {
      label: t('kpi.retention'),
      value: formatPercent(retention),
      note: t('kpi.retentionNote', { days: o.horizonDays }),
      change: change(retention, 'retention', 'points'),
    },
    {
      label: t('kpi.predictedChurn'),
      value: formatPercent(o.churn.predictedRate),
      note: churnDefinition
        ? t('kpi.predictedChurnDefined', { definition: codeLabel({ churn: churnDefinition }, 'churn') })
        : t('kpi.predictedChurnNote', { days: o.horizonDays }),
      tone: 'high',
      change: change(o.churn.predictedRate, 'predictedChurnRate', 'points'),
    },
    {
      label: t('kpi.repurchase'),
      value: formatPercent(o.repurchaseRate),
      change: change(o.repurchaseRate, 'repurchaseRate', 'points'),
    },
    {
      label: t('kpi.nps'),
      value: o.nps == null ? t('kpi.notAvailable') : formatOneDecimal(o.nps),
      note: o.nps == null ? t('kpi.npsMissing') : null,
      change: change(o.nps, 'nps', 'absolute'),
    },
    // CSAT beside NPS only where there are CSAT or star answers (overview.json csat: share of 4-5).
    ...(o.csat == null
      ? []
      : [
          {
            label: t('kpi.csat'),
            value: formatPercent(o.csat),
            note: t('kpi.csatNote', { count: formatInt(o.surveys?.csat ?? 0) }),
          },
        ]),
    {
      label: t('kpi.clv'),
      value: formatCompact(o.value.predictedTotal),
      note: withBand(t('kpi.clvNote', { days: o.valueHorizonDays }), o.value.bands?.predictedTotal),
      change: change(o.value.predictedTotal, 'clvTotal'),
    },
    {
      label: t('kpi.valueAtRisk'),
      value: formatCompact(o.value.atRisk),
      note: withBand(t('kpi.valueAtRiskNote'), o.value.bands?.atRisk),
      tone: 'high',
      change: change(o.value.atRisk, 'valueAtRisk'),
    },
    ...(actions?.totals ? [reachCard(o, actions)] : []),
  ]);
}

/** The plan's contacts within channel capacity, and the value at risk they cover (older actions.json: the count). */
function reachCard(o, actions) {
  const weeks = actions.planningWeeks ?? 1;
  const covered = actions.totals.valueAtRisk;
  return {
    label: weeks === 1 ? t('kpi.reach') : t('kpi.reachWeeks', { weeks }),
    value: formatInt(actions.totals.customers),
    note:
      covered == null
        ? t('kpi.reachNoteCount')
        : t('kpi.reachNote', {
            value: formatCompact(covered),
            share: formatPercent(o.value.atRisk > 0 ? covered / o.value.atRisk : null),
          }),
  };
}

/**
 * A total's note with the interval of the actual total where the model gives one. Its centre is the
 * calibrated mean, which may sit off the sum of predictions (docs/intervals.md): both are shown.
 */
function withBand(note, band) {
  if (!band) return note;
  return `${note}; ${t('kpi.band', { level: Math.round(band.level * 100), mean: formatCompact(band.mean), low: formatCompact(band.low), high: formatCompact(band.high) })}`;
}
