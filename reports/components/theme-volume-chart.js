// Complaint themes by volume: per theme, its complaints (negative texts) and its other mentions, stacked.
import { t } from './labels.js';
import { themeLabel } from './voice-labels.js';
import { vegaChart } from './vega.js';

/** themes: voice.json themes [{code, label, texts, negative, negativeShare}]; options: width. */
export function themeVolumeChart(themes, { width = 640 } = {}) {
  const order = [...themes].sort((a, b) => b.negative - a.negative).map((d) => themeLabel(d));
  const values = themes.flatMap((d) => [
    { theme: themeLabel(d), part: t('voice.complaints'), texts: d.negative, share: d.negativeShare, rank: 0 },
    { theme: themeLabel(d), part: t('voice.otherMentions'), texts: d.texts - d.negative, share: null, rank: 1 },
  ]);
  return vegaChart(
    {
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'theme', type: 'nominal', sort: order, title: null },
        x: { field: 'texts', type: 'quantitative', stack: 'zero', title: t('voice.texts') },
        color: {
          field: 'part',
          type: 'nominal',
          title: null,
          scale: { domain: [t('voice.complaints'), t('voice.otherMentions')], range: ['#ff725c', '#9aa5b1'] },
        },
        order: { field: 'rank' },
        tooltip: [
          { field: 'theme', title: t('voice.theme') },
          { field: 'part', title: t('field.series') },
          { field: 'texts', type: 'quantitative', title: t('voice.texts'), format: ',d' },
          { field: 'share', type: 'quantitative', title: t('voice.shareOfNegative'), format: '.1%' },
        ],
      },
    },
    { width, height: Math.max(120, themes.length * 28), label: t('voice.byVolume') },
  );
}
