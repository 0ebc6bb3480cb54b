// Reads a batch of feedback texts: language, sentiment (the company's own model, or the lexicon) and
// complaint themes, as typed columns that cross a worker thread's boundary without copying each value.
import { normaliseText, textAnalyser, type SerialisedSentiment } from '../../models/text/index.ts';
import type { Language } from '../../models/text/index.ts';
import type { Theme } from '../config/voice-config.ts';
import { compileThemes, themeMask } from './theme-tagger.ts';

/** Languages in the order text_signals.sql decodes them (`lang` is an index into this list). */
export const LANGUAGES: readonly Language[] = ['zh', 'en', 'mixed', 'unknown'];

/** What the reader needs: the sentiment model (null: the lexicon) and the themes, in bit order. */
export interface Reading {
  model: SerialisedSentiment | null;
  themes: readonly Theme[];
}

export interface ReadColumns {
  lang: Uint8Array;
  sentiment: Float64Array;
  /** Bit i set: the text mentions themes[i]. */
  themes: Int32Array;
}

/** A reader for many batches: the themes compiled once. */
export function textReader(reading: Reading): (texts: readonly string[]) => ReadColumns {
  const compiled = compileThemes(reading.themes);
  const analyse = textAnalyser(reading.model);
  const langIndex = new Map(LANGUAGES.map((l, i) => [l, i]));
  // Texts arrive distinct (text-signals.sql reads each distinct text once), so each is read here as it is.
  return (texts) => {
    const lang = new Uint8Array(texts.length);
    const sentiment = new Float64Array(texts.length);
    const themes = new Int32Array(texts.length);
    for (let k = 0; k < texts.length; k++) {
      // One normal form for the language, the sentiment and the themes.
      const normal = normaliseText(texts[k]);
      const r = analyse(normal);
      lang[k] = langIndex.get(r.language)!;
      sentiment[k] = r.sentiment;
      themes[k] = themeMask(normal, compiled, true);
    }
    return { lang, sentiment, themes };
  };
}
