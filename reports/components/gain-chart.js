// Cumulative gain: the share of all churners found when contacting the top x% of customers by churn
// score; the diagonal is a random list.
import { t } from "./labels.js";
import { diagonalLayer, vegaChart } from "./vega.js";

/** lift: [{decile, cumulativeGain}] (deciles 1..10); options: width, height. */
export function gainChart(lift, { width = 320, height = 240 } = {}) {
  const values = [{ share: 0, gain: 0 }, ...lift.map((d) => ({ share: d.decile / 10, gain: d.cumulativeGain }))];
  const unit = { type: "quantitative", scale: { domain: [0, 1] }, axis: { format: ".0%" } };
  return vegaChart(
    {
      layer: [
        diagonalLayer(unit),
        {
          data: { values },
          mark: { type: "line", color: "#4269d0", point: { size: 30 } },
          encoding: {
            x: { field: "share", ...unit, title: t("field.contacted") },
            y: { field: "gain", ...unit, title: t("field.churnersFound") },
            tooltip: [
              { field: "share", type: "quantitative", title: t("field.contacted"), format: ".0%" },
              { field: "gain", type: "quantitative", title: t("field.churnersFound"), format: ".1%" },
            ],
          },
        },
      ],
    },
    { width, height, label: t("model.gain") },
  );
}
