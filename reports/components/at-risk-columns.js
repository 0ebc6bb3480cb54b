// Columns of the at-risk list: for the on-screen table and for the CSV export.
import { maskedContact, maskEmail, maskName, maskPhone } from "./contact.js";
import { el } from "./dom.js";
import { formatInt, formatPercent, formatValue } from "./format.js";
import { t } from "./labels.js";
import { tierBadge } from "./tier-badge.js";
import { tierRank } from "./tiers.js";

export function atRiskColumns() {
  return [
    { key: "customerId", label: t("col.customer"), format: (v, row) => el("div", { class: "customer-cell" }, el("code", {}, v), maskedContact(row)) },
    { key: "region", label: t("col.segment"), format: (v, row) => el("div", { class: "segment-cell" }, el("span", {}, v), el("span", { class: "muted" }, row.plan)), sortValue: (row) => `${row.region} ${row.plan}` },
    { key: "riskTier", label: t("col.riskTier"), format: tierBadge, sortValue: (row) => -tierRank(row.riskTier) },
    { key: "churnProb", label: t("col.churnProb"), align: "right", format: formatPercent },
    { key: "predictedValue", label: t("col.predictedValue"), align: "right", format: formatValue },
    { key: "valueAtRisk", label: t("col.valueAtRisk"), align: "right", format: formatValue },
    { key: "daysSinceLastPurchase", label: t("col.daysSinceLastPurchase"), align: "right", format: formatInt },
    {
      key: "action",
      label: t("col.action"),
      format: (v, row) => el("div", { class: "action-cell" }, el("strong", {}, row.actionLabel ?? v), el("ul", { class: "reasons" }, (row.reasonLabels ?? row.reasons ?? []).map((r) => el("li", {}, r)))),
      sortValue: (row) => row.actionLabel ?? row.action,
    },
  ];
}

/** CSV columns: stable machine keys as headers, raw numbers, contact data masked as shown. */
export const atRiskCsvColumns = [
  { key: "customerId" },
  { key: "name", value: (row) => maskName(row.name) },
  { key: "email", value: (row) => maskEmail(row.email) },
  { key: "phone", value: (row) => maskPhone(row.phone) },
  { key: "region" },
  { key: "plan" },
  { key: "riskTier" },
  { key: "churnProb" },
  { key: "predictedValue" },
  { key: "valueAtRisk" },
  { key: "daysSinceLastPurchase" },
  { key: "action" },
  { key: "actionLabel" },
  { key: "reasons", value: (row) => row.reasonLabels ?? row.reasons },
];
