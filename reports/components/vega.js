// Renders a Vega-Lite spec with vega-embed (bundled from node_modules: no CDN) into a div that is
// returned at once, so charts work inside Framework's resize(). Axes and text use currentColor,
// so charts follow the light or dark theme; tooltips are on by default (vega-tooltip).
import embed from "vega-embed";
import { t } from "./labels.js";

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans SC', sans-serif";

const config = {
  background: null,
  font: FONT,
  view: { stroke: null },
  axis: {
    labelColor: "currentColor",
    titleColor: "currentColor",
    domainColor: "currentColor",
    tickColor: "currentColor",
    gridColor: "currentColor",
    gridOpacity: 0.12,
    domainOpacity: 0.5,
    tickOpacity: 0.5,
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: "normal",
  },
  legend: { labelColor: "currentColor", titleColor: "currentColor", labelFontSize: 11, titleFontSize: 12, orient: "bottom" },
  title: { color: "currentColor" },
  header: { labelColor: "currentColor", titleColor: "currentColor" },
  range: { category: ["#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#3ca951", "#a463f2"] },
  line: { strokeWidth: 2 },
};

function darkMode() {
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
}

/**
 * Returns a <div class="vega-chart"> and draws the spec into it asynchronously.
 * options: width (px, the container's width), height (px), label (accessible name). Compound specs
 * (concat) size their parts themselves.
 */
export function vegaChart(spec, { width = 640, height = 240, label } = {}) {
  const div = document.createElement("div");
  div.className = "vega-chart";
  if (label) div.setAttribute("aria-label", label);
  const compound = "vconcat" in spec || "hconcat" in spec || "concat" in spec;
  const size = compound ? {} : { autosize: { type: "fit", contains: "padding" }, width: Math.max(160, Math.floor(width)), height };
  const full = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    ...size,
    ...spec,
    config: { ...config, ...spec.config },
  };
  const ready = embed(div, full, {
    renderer: "svg",
    actions: { export: true, source: false, compiled: false, editor: false },
    tooltip: { theme: darkMode() ? "dark" : "light" },
    ast: false,
  });
  div.ready = ready.then(
    (result) => result.view,
    (error) => {
      div.textContent = t("chart.error");
      div.classList.add("vega-chart--error");
      console.error(error);
    },
  );
  return div;
}
