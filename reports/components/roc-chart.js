// ROC curve of the churn model with the chance diagonal.
import { t } from "./labels.js";
import { diagonalLayer, vegaChart } from "./vega.js";

/** roc: [{fpr, tpr}]; options: width, height. */
export function rocChart(roc, { width = 320, height = 280 } = {}) {
  const values = [...roc].sort((a, b) => a.fpr - b.fpr || a.tpr - b.tpr);
  const unit = { type: "quantitative", scale: { domain: [0, 1] } };
  return vegaChart(
    {
      layer: [
        diagonalLayer(unit),
        {
          data: { values },
          mark: { type: "line", color: "#4269d0", point: { size: 18 } },
          encoding: {
            x: { field: "fpr", ...unit, title: t("field.fpr") },
            y: { field: "tpr", ...unit, title: t("field.tpr") },
            tooltip: [
              { field: "fpr", type: "quantitative", title: t("field.fpr"), format: ".3f" },
              { field: "tpr", type: "quantitative", title: t("field.tpr"), format: ".3f" },
            ],
          },
        },
      ],
    },
    { width, height, label: t("model.roc") },
  );
}
