// Headline numbers as a grid of cards: [{label, value, note?, tone?}].
import { el } from "./dom.js";

export function kpiCards(items) {
  return el(
    "div",
    { class: "grid grid-cols-4 kpi-grid" },
    items.map(({ label, value, note, tone }) =>
      el("div", { class: `card kpi${tone ? ` kpi--${tone}` : ""}` }, el("h2", {}, label), el("span", { class: "big" }, value), note ? el("p", { class: "kpi-note" }, note) : null),
    ),
  );
}
