// TEMPORARY (lead's placeholder until the i20-model branch lands): language + lexicon sentiment.
import { detectLanguage, type Language } from './language.ts';
import { lexiconSentiment } from './lexicon.ts';

export type SerialisedSentiment = { kind: 'placeholder' };

export function analyseTexts(
  texts: readonly string[],
  _model: SerialisedSentiment | null,
): { lang: Language[]; sentiment: Float64Array } {
  const lang: Language[] = new Array(texts.length);
  const sentiment = new Float64Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    lang[i] = detectLanguage(texts[i]).language;
    sentiment[i] = lexiconSentiment(texts[i]).score;
  }
  return { lang, sentiment };
}
