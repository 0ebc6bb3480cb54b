// Every user-visible string of the report, by locale. Add a locale (e.g. "zh-CN") by copying the
// "en" block; pages and components only ever call t() / tierLabel() / the helpers below.

export const locale = "en";

const messages = {
  en: {
    // headline cards
    "kpi.active": "Active customers",
    "kpi.activeNote": "of {total} customers, purchased in the last {days} days",
    "kpi.trailingChurn": "Trailing churn rate",
    "kpi.trailingChurnNote": "active {days} days ago, no purchase since",
    "kpi.predictedChurn": "Predicted churn rate",
    "kpi.predictedChurnNote": "mean churn probability of active customers, next {days} days",
    "kpi.repurchase": "Repurchase rate",
    "kpi.nps": "NPS",
    "kpi.npsMissing": "no survey data",
    "kpi.clv": "Predicted CLV total",
    "kpi.clvNote": "next {days} days",
    "kpi.valueAtRisk": "Value at risk",
    "kpi.valueAtRiskNote": "predicted value × churn probability",
    "kpi.asOf": "As of",
    "kpi.asOfNote": "model {model}",
    // overview
    "overview.trend": "Monthly trend",
    "overview.tiers": "Customers and value at risk by risk tier",
    "overview.histogram": "Churn probability of scored customers",
    "overview.noHistogram": "The pipeline did not publish a churn-probability histogram.",
    // chart fields
    "field.month": "Month",
    "field.activeCustomers": "Active customers",
    "field.purchases": "Purchases",
    "field.revenue": "Revenue",
    "field.tier": "Risk tier",
    "field.customers": "Customers",
    "field.predictedValue": "Predicted value",
    "field.valueAtRisk": "Value at risk",
    "field.churnProb": "Churn probability",
    "field.fpr": "False positive rate",
    "field.tpr": "True positive rate",
    "field.recall": "Recall",
    "field.precision": "Precision",
    "field.predicted": "Predicted",
    "field.observed": "Observed",
    "field.count": "Customers",
    "field.epoch": "Epoch",
    "field.loss": "Loss",
    "field.series": "Series",
    "field.decile": "Predicted-value decile",
    "field.meanValue": "Mean value",
    "series.train": "Training loss",
    "series.valid": "Validation loss",
    "series.predicted": "Predicted",
    "series.actual": "Actual",
    "series.model": "Model",
    "series.chance": "Chance",
    "series.perfect": "Perfect calibration",
    "series.baseRate": "Base rate",
    // at-risk page
    "atRisk.headline": "{shown} at-risk customers listed, out of {total} scored",
    "atRisk.headlineCount": "{atRisk} of {total} scored customers are at risk; the {shown} with the most value at risk are listed",
    "atRisk.filtered": "{count} match the filters",
    "atRisk.all": "All",
    "atRisk.search": "Customer id",
    "atRisk.searchPlaceholder": "Search, e.g. C000123",
    "atRisk.download": "Download CSV",
    "atRisk.downloadNote": "{count} rows, as filtered and sorted",
    "atRisk.empty": "No customer matches the filters.",
    "atRisk.thresholds": "High risk: churn probability ≥ {high}; medium: ≥ {medium}.",
    "col.customer": "Customer (contact masked)",
    "col.segment": "Region / plan",
    "col.riskTier": "Risk",
    "col.churnProb": "Churn prob.",
    "col.predictedValue": "Predicted value",
    "col.valueAtRisk": "Value at risk",
    "col.daysSinceLastPurchase": "Days since last purchase",
    "col.action": "Action and reasons",
    "col.region": "Region",
    "col.plan": "Plan",
    "filter.riskTier": "Risk tier",
    "filter.action": "Action",
    // model page
    "model.summary": "Model {model} ({backend}), trained on {train} rows up to {trainCutoff}, validated on {valid} rows up to {validCutoff}; {epochs} epochs, seed {seed}.",
    "model.features": "{count} features",
    "model.metrics": "Validation metrics",
    "model.roc": "ROC curve",
    "model.pr": "Precision–recall curve",
    "model.calibration": "Reliability diagram",
    "model.loss": "Loss curve",
    "model.deciles": "Customer value: predicted vs actual by decile",
    "metric.name": "Metric",
    "metric.model": "Model",
    "metric.baseline": "Baseline",
    "metric.auc": "ROC AUC",
    "metric.prAuc": "PR AUC",
    "metric.logLoss": "Log loss",
    "metric.brier": "Brier score",
    "metric.baseRate": "Churn base rate",
    "metric.gini": "Value Gini",
    "metric.spearman": "Value Spearman ρ",
    "metric.valueTotal": "Value total (predicted vs actual)",
    "baseline.recency": "recency only",
    "baseline.random": "random",
    "table.more": "Show {count} more",
    "chart.error": "This chart could not be drawn.",
  },
};

const tiers = {
  en: { high: "High", medium: "Medium", low: "Low" },
};

/** The message for key, with {name} placeholders filled from vars. */
export function t(key, vars = {}) {
  const text = messages[locale]?.[key] ?? messages.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

export function tierLabel(tier) {
  return tiers[locale]?.[tier] ?? tier;
}
