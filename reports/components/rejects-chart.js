// Rejected rows by reason (and kind of file), largest first.
import { t } from "./labels.js";
import { vegaChart } from "./vega.js";

/** rejects: [{kind, reason, rows}]; options: width. */
export function rejectsChart(rejects, { width = 640 } = {}) {
  return vegaChart(
    {
      data: { values: rejects },
      mark: { type: "bar", cornerRadiusEnd: 2 },
      encoding: {
        y: { field: "reason", type: "nominal", sort: "-x", title: null },
        x: { field: "rows", type: "quantitative", title: t("field.rows"), axis: { format: "~s" } },
        color: { field: "kind", type: "nominal", title: t("col.kind") },
        tooltip: [
          { field: "kind", title: t("col.kind") },
          { field: "reason", title: t("field.reason") },
          { field: "rows", type: "quantitative", title: t("field.rows"), format: ",d" },
        ],
      },
    },
    { width, height: Math.max(100, new Set(rejects.map((r) => r.reason)).size * 24), label: t("quality.rejects") },
  );
}
