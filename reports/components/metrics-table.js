// The model page's metrics table: model against the baselines that model.json carries
// (recency-only AUC; for PR AUC a random model scores the base rate).
import { el } from "./dom.js";
import { formatCompact, formatMetric, formatPercent } from "./format.js";
import { t } from "./labels.js";

export function metricsTable(metrics) {
  const v = metrics.value ?? {};
  const rows = [
    [t("metric.auc"), formatMetric(metrics.auc), metrics.recencyAuc == null ? "–" : `${formatMetric(metrics.recencyAuc)} (${t("baseline.recency")})`],
    [t("metric.prAuc"), formatMetric(metrics.prAuc), metrics.baseRate == null ? "–" : `${formatMetric(metrics.baseRate)} (${t("baseline.random")})`],
    [t("metric.logLoss"), formatMetric(metrics.logLoss), "–"],
    [t("metric.brier"), formatMetric(metrics.brier), "–"],
    [t("metric.baseRate"), formatPercent(metrics.baseRate), ""],
    [t("metric.gini"), formatMetric(v.gini), "–"],
    [t("metric.spearman"), formatMetric(v.spearman), "–"],
    [t("metric.valueTotal"), `${formatCompact(v.predictedTotal)} / ${formatCompact(v.actualTotal)}`, ""],
  ];
  return el(
    "table",
    { class: "metrics-table" },
    el("thead", {}, el("tr", {}, el("th", {}, t("metric.name")), el("th", { class: "num" }, t("metric.model")), el("th", { class: "num" }, t("metric.baseline")))),
    el("tbody", {}, rows.map(([name, model, base]) => el("tr", {}, el("th", { scope: "row" }, name), el("td", { class: "num" }, model), el("td", { class: "num" }, base)))),
  );
}
