// Renders a Vega-Lite spec with vega-embed (bundled from node_modules: no CDN) into a div that is
// returned at once, so charts work inside Framework's resize(). Axes and text use currentColor,
// so charts follow the light or dark theme; tooltips are on by default (vega-tooltip).
import embed from 'vega-embed';
import { locale, t } from './labels.js';

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans SC', sans-serif";

const config = {
  background: null,
  font: FONT,
  view: { stroke: null },
  axis: {
    labelColor: 'currentColor',
    titleColor: 'currentColor',
    domainColor: 'currentColor',
    tickColor: 'currentColor',
    gridColor: 'currentColor',
    gridOpacity: 0.12,
    domainOpacity: 0.5,
    tickOpacity: 0.5,
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
  },
  legend: {
    labelColor: 'currentColor',
    titleColor: 'currentColor',
    labelFontSize: 11,
    titleFontSize: 12,
    orient: 'bottom',
  },
  title: { color: 'currentColor' },
  header: { labelColor: 'currentColor', titleColor: 'currentColor' },
  range: { category: ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#a463f2'] },
  line: { strokeWidth: 2 },
};

// d3 number and time locales for the chart axes and tooltips (as in d3-format / d3-time-format).
const ZH_CN = {
  format: { decimal: '.', thousands: ',', grouping: [3], currency: ['¥', ''] },
  time: {
    dateTime: '%x %A %X',
    date: '%Y年%-m月%-d日',
    time: '%H:%M:%S',
    periods: ['上午', '下午'],
    days: ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'],
    shortDays: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
    months: ['一月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '十一月', '十二月'],
    shortMonths: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'],
  },
};
const localeOptions = locale === 'zh-CN' ? { formatLocale: ZH_CN.format, timeFormatLocale: ZH_CN.time } : {};

/** A date x axis over `points` points: day labels, level, at most `maxTicks` ticks. */
export function dateAxisX(field, title, points, maxTicks) {
  return {
    field,
    type: 'temporal',
    title,
    axis: { format: '%Y-%m-%d', labelAngle: 0, tickCount: Math.min(maxTicks, points) },
  };
}

/** The dashed y = x line of ROC, gain and reliability charts (a random or perfectly calibrated model). */
export function diagonalLayer(unit) {
  return {
    data: {
      values: [
        { x: 0, y: 0 },
        { x: 1, y: 1 },
      ],
    },
    mark: { type: 'line', strokeDash: [4, 4], color: 'currentColor', opacity: 0.5 },
    encoding: { x: { field: 'x', ...unit }, y: { field: 'y', ...unit } },
  };
}

/**
 * A curve in the unit square over the diagonal (ROC, cumulative gain): x and y are {field, title,
 * format} of the values' two columns (axis titles, tooltip); axisFormat formats both axes.
 */
export function unitCurveChart(values, { x, y, axisFormat, pointSize, label, width, height }) {
  const unit = {
    type: 'quantitative',
    scale: { domain: [0, 1] },
    ...(axisFormat ? { axis: { format: axisFormat } } : {}),
  };
  return vegaChart(
    {
      layer: [
        diagonalLayer(unit),
        {
          data: { values },
          mark: { type: 'line', color: '#4269d0', point: { size: pointSize } },
          encoding: {
            x: { field: x.field, ...unit, title: x.title },
            y: { field: y.field, ...unit, title: y.title },
            tooltip: [
              { field: x.field, type: 'quantitative', title: x.title, format: x.format },
              { field: y.field, type: 'quantitative', title: y.title, format: y.format },
            ],
          },
        },
      ],
    },
    { width, height, label },
  );
}

function darkMode() {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}

/**
 * Returns a <div class="vega-chart"> and draws the spec into it asynchronously.
 * options: width (px, the container's width), height (px), label (accessible name). Compound specs
 * (concat) size their parts themselves.
 */
export function vegaChart(spec, { width = 640, height = 240, label } = {}) {
  const div = document.createElement('div');
  div.className = 'vega-chart';
  if (label) div.setAttribute('aria-label', label);
  const compound = 'vconcat' in spec || 'hconcat' in spec || 'concat' in spec;
  const size = compound
    ? {}
    : { autosize: { type: 'fit', contains: 'padding' }, width: Math.max(160, Math.floor(width)), height };
  const full = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...size,
    ...spec,
    config: { ...config, ...spec.config },
  };
  const ready = embed(div, full, {
    renderer: 'svg',
    actions: { export: true, source: false, compiled: false, editor: false },
    tooltip: { theme: darkMode() ? 'dark' : 'light' },
    i18n: { CLICK_TO_VIEW_ACTIONS: t('chart.actions'), SVG_ACTION: t('chart.saveSvg'), PNG_ACTION: t('chart.savePng') },
    ast: false,
    ...localeOptions,
  });
  div.ready = ready.then(
    (result) => result.view,
    (error) => {
      div.textContent = t('chart.error');
      div.classList.add('vega-chart--error');
      console.error(error);
    },
  );
  return div;
}
