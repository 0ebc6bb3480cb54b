// New and growing themes: complaints per theme in the 90 days before the last 90, and in the last 90.
import { t } from './labels.js';
import { themeLabel } from './voice-labels.js';
import { vegaChart } from './vega.js';

/** themes: voice.json themes [{code, label, recent, previous}]; options: width. */
export function themeGrowthChart(themes, { width = 640 } = {}) {
  const order = [...themes].sort((a, b) => b.recent - b.previous - (a.recent - a.previous)).map((d) => themeLabel(d));
  const values = themes.flatMap((d) => [
    { theme: themeLabel(d), window: t('voice.previous90'), complaints: d.previous, rank: 0 },
    { theme: themeLabel(d), window: t('voice.last90'), complaints: d.recent, rank: 1 },
  ]);
  return vegaChart(
    {
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'theme', type: 'nominal', sort: order, title: null },
        yOffset: { field: 'window', sort: [t('voice.previous90'), t('voice.last90')] },
        x: { field: 'complaints', type: 'quantitative', title: t('voice.complaints') },
        color: {
          field: 'window',
          type: 'nominal',
          title: null,
          scale: { domain: [t('voice.previous90'), t('voice.last90')], range: ['#9aa5b1', '#ff725c'] },
        },
        tooltip: [
          { field: 'theme', title: t('voice.theme') },
          { field: 'window', title: t('voice.window') },
          { field: 'complaints', type: 'quantitative', title: t('voice.complaints'), format: ',d' },
        ],
      },
    },
    { width, height: Math.max(140, themes.length * 36), label: t('voice.growing') },
  );
}
