// Per-text analysis for the text stage: each text normalised once, its language detected and its
// sentiment scored, by the trained model when there is one (2p - 1, so both read -1..1) and by the
// built-in lexicon otherwise. Pure and synchronous: the stage runs it on worker threads over chunks.
// Cost per text (bench/text.ts): normalisation ~1 µs, detection ~0.3 µs, hashing ~2.5 µs, the lexicon
// ~3.5 µs (also an input of the model); no Intl.Segmenter (see tokenise.ts).
import { detectLanguage, type Language } from './language.ts';
import { normalisedSentiment } from './lexicon.ts';
import { normaliseText } from './normalise.ts';
import { cachedScorer, type SerialisedSentiment } from './sentiment-scorer.ts';

export type TextAnalysis = { lang: Language[]; sentiment: Float64Array };

/**
 * Language and sentiment (-1..1) of each text. A text without a letter in any script (empty, digits,
 * emoji, punctuation) gets sentiment 0: there is nothing to read, and the model's bias alone would
 * report the base rate of the training answers as if it were this text's mood.
 */
export function analyseTexts(texts: readonly string[], model: SerialisedSentiment | null): TextAnalysis {
  const read = textAnalyser(model);
  const lang: Language[] = new Array(texts.length);
  const sentiment = new Float64Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const r = read(normaliseText(texts[i]));
    lang[i] = r.language;
    sentiment[i] = r.sentiment;
  }
  return { lang, sentiment };
}

/** Language and sentiment of one text normaliseText already normalised (the text stage's themes read it too). */
export function textAnalyser(
  model: SerialisedSentiment | null,
): (normalised: string) => { language: Language; sentiment: number } {
  const score = model ? cachedScorer(model) : null;
  return (text) => {
    const d = detectLanguage(text);
    if (d.han + d.latin + d.other === 0) return { language: d.language, sentiment: 0 };
    return { language: d.language, sentiment: score ? 2 * score(text) - 1 : normalisedSentiment(text).score };
  };
}
