// Reads a batch of feedback texts: language, sentiment (the company's own model, or the lexicon) and
// complaint themes, as typed columns that cross a worker thread's boundary without copying each value.
import { analyseTexts, type SerialisedSentiment } from '../../models/text/index.ts';
import type { Language } from '../../models/text/index.ts';
import type { Theme } from '../config/voice-config.ts';
import { compileThemes, tagThemes } from './theme-tagger.ts';

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
  const bit = new Map(reading.themes.map((t, i) => [t.code, 1 << i]));
  const langIndex = new Map(LANGUAGES.map((l, i) => [l, i]));
  return (texts) => {
    const analysed = analyseTexts(texts, reading.model);
    const lang = new Uint8Array(texts.length);
    const themes = new Int32Array(texts.length);
    for (let i = 0; i < texts.length; i++) {
      lang[i] = langIndex.get(analysed.lang[i])!;
      let mask = 0;
      for (const code of tagThemes(texts[i], compiled)) mask |= bit.get(code)!;
      themes[i] = mask;
    }
    return { lang, sentiment: Float64Array.from(analysed.sentiment), themes };
  };
}
