// A matrix of cells (heat map) with the count written in each cell: the RFM grid, value tier x risk
// tier, lifecycle flows. Colour encodes one measure, the text another.
import { vegaChart } from './vega.js';

/**
 * cells: [{…}]; options: x, y ({field, title, sort, labels: {code: label}}), color ({field, title,
 * scheme, format}), text ({field, format}), tooltip (Vega-Lite tooltip list), width, height, label.
 */
export function matrixChart(cells, { x, y, color, text, tooltip, width = 640, height = 240, label } = {}) {
  // text turns white on the darkest cells
  const dark = Math.max(0, ...cells.map((c) => c[color.field] ?? 0)) * 0.55;
  const axis = (d) => ({
    field: d.field,
    type: 'ordinal',
    sort: d.sort,
    title: d.title,
    axis: {
      labelAngle: 0,
      ...(d.labels ? { labelExpr: `${JSON.stringify(d.labels)}[datum.value] || datum.value` } : {}),
    },
  });
  return vegaChart(
    {
      data: { values: cells },
      encoding: { x: axis(x), y: axis(y), tooltip },
      layer: [
        {
          mark: { type: 'rect', stroke: 'var(--theme-background, white)', strokeWidth: 1 },
          encoding: {
            color: {
              field: color.field,
              type: 'quantitative',
              title: color.title,
              scale: { scheme: color.scheme ?? 'blues' },
              legend: { format: color.format ?? '~s', orient: 'right' },
            },
          },
        },
        {
          mark: { type: 'text', fontSize: 11 },
          encoding: {
            text: { field: text.field, type: 'quantitative', format: text.format ?? ',d' },
            color: { condition: { test: `datum['${color.field}'] > ${dark}`, value: 'white' }, value: 'black' },
          },
        },
      ],
    },
    { width, height, label },
  );
}
