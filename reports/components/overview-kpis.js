// The overview page's headline cards, from overview.json.
import { formatCompact, formatDate, formatInt, formatOneDecimal, formatPercent } from "./format.js";
import { kpiCards } from "./kpi-cards.js";
import { t } from "./labels.js";

export function overviewKpis(o) {
  return kpiCards([
    { label: t("kpi.active"), value: formatInt(o.customers.active), note: t("kpi.activeNote", { total: formatInt(o.customers.total), days: o.horizonDays }) },
    { label: t("kpi.trailingChurn"), value: formatPercent(o.churn.trailingRate), note: t("kpi.trailingChurnNote", { days: o.horizonDays }) },
    { label: t("kpi.predictedChurn"), value: formatPercent(o.churn.predictedRate), note: t("kpi.predictedChurnNote", { days: o.horizonDays }), tone: "high" },
    { label: t("kpi.repurchase"), value: formatPercent(o.repurchaseRate) },
    { label: t("kpi.nps"), value: o.nps == null ? "–" : formatOneDecimal(o.nps), note: o.nps == null ? t("kpi.npsMissing") : null },
    { label: t("kpi.clv"), value: formatCompact(o.value.predictedTotal), note: t("kpi.clvNote", { days: o.valueHorizonDays }) },
    { label: t("kpi.valueAtRisk"), value: formatCompact(o.value.atRisk), note: t("kpi.valueAtRiskNote"), tone: "high" },
    { label: t("kpi.asOf"), value: formatDate(o.asOf), note: t("kpi.asOfNote", { model: o.modelId }) },
  ]);
}
