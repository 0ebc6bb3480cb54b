// The model page's metrics table: model against the baselines that model.json carries
// (recency-only AUC; for PR AUC a random model scores the base rate; logistic regression on the same
// inputs and BG/NBD x Gamma-Gamma when present).
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
    [t("metric.ece"), formatMetric(metrics.ece), "–"],
    [t("metric.baseRate"), formatPercent(metrics.baseRate), ""],
    [t("metric.gini"), formatMetric(v.gini), "–"],
    [t("metric.spearman"), formatMetric(v.spearman), "–"],
    [t("metric.valueTotal"), `${formatCompact(v.predictedTotal)} / ${formatCompact(v.actualTotal)}`, ""],
  ];
  const column = (b) => [formatMetric(b.auc), formatMetric(b.prAuc), formatMetric(b.logLoss), formatMetric(b.brier), formatMetric(b.ece), "", b.value ? formatMetric(b.value.gini) : "–", b.value ? formatMetric(b.value.spearman) : "–", b.value ? formatCompact(b.value.predictedTotal) : "–"];
  const baselines = ["logistic", "bgnbd"].filter((name) => metrics.baselines?.[name]);
  for (const name of baselines) column(metrics.baselines[name]).forEach((cell, i) => rows[i].push(cell));
  const head = [t("metric.name"), t("metric.model"), t("metric.baseline"), ...baselines.map((name) => t(`baseline.${name}`))];
  return el(
    "table",
    { class: "metrics-table" },
    el("thead", {}, el("tr", {}, head.map((h, i) => el("th", i ? { class: "num" } : {}, h)))),
    el("tbody", {}, rows.map(([name, ...cells]) => el("tr", {}, el("th", { scope: "row" }, name), cells.map((c) => el("td", { class: "num" }, c))))),
  );
}
