// Sentiment over time: per month, the mean sentiment (-1..1) or the share of negative texts, one line for
// all texts and one per language, with the number of texts in the tooltip.
import { t } from './labels.js';
import { languageLabel } from './voice-labels.js';
import { vegaChart } from './vega.js';

/** months: voice.json monthly [{month, lang, texts, sentiment, negativeShare}]; options: measure, width. */
export function sentimentChart(months, { measure = 'sentiment', width = 640 } = {}) {
  const share = measure === 'negativeShare';
  const title = share ? t('voice.negativeShare') : t('voice.meanSentiment');
  // A language with a handful of texts a month would only draw noise.
  const values = months
    .filter((m) => m.lang !== 'unknown' && (m.lang === 'all' || m.texts >= 5))
    .map((m) => ({ month: m.month, lang: languageLabel(m.lang), value: m[measure], texts: m.texts }));
  return vegaChart(
    {
      data: { values },
      mark: { type: 'line', point: { size: 20 } },
      encoding: {
        x: { field: 'month', type: 'ordinal', title: t('field.month'), axis: { labelAngle: -45 } },
        y: {
          field: 'value',
          type: 'quantitative',
          title,
          axis: { format: share ? '.0%' : '.2f' },
          ...(share ? {} : { scale: { domainMid: 0 } }),
        },
        color: { field: 'lang', type: 'nominal', title: t('voice.language') },
        tooltip: [
          { field: 'month', title: t('field.month') },
          { field: 'lang', title: t('voice.language') },
          { field: 'value', type: 'quantitative', title, format: share ? '.1%' : '.3f' },
          { field: 'texts', type: 'quantitative', title: t('voice.texts'), format: ',d' },
        ],
      },
    },
    { width, height: 220, label: title },
  );
}
