// The model page's metrics table: model against the baselines that model.json carries
// (recency-only AUC; for PR AUC a random model scores the base rate; BG/NBD x Gamma-Gamma when present).
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
  const bg = metrics.baselines?.bgnbd;
  if (bg) {
    const bgColumn = [formatMetric(bg.auc), formatMetric(bg.prAuc), formatMetric(bg.logLoss), formatMetric(bg.brier), "", formatMetric(bg.value?.gini), formatMetric(bg.value?.spearman), formatCompact(bg.value?.predictedTotal)];
    rows.forEach((row, i) => row.push(bgColumn[i]));
  }
  const head = [t("metric.name"), t("metric.model"), t("metric.baseline"), ...(bg ? [t("baseline.bgnbd")] : [])];
  return el(
    "table",
    { class: "metrics-table" },
    el("thead", {}, el("tr", {}, head.map((h, i) => el("th", i ? { class: "num" } : {}, h)))),
    el("tbody", {}, rows.map(([name, ...cells]) => el("tr", {}, el("th", { scope: "row" }, name), cells.map((c) => el("td", { class: "num" }, c))))),
  );
}
