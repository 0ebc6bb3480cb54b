// Which complaint themes (pipeline/config/voice-config.ts) a text mentions. Pure and IO-free.
import { SEED_THEMES, type Theme } from '../config/voice-config.ts';

/** Text as the matcher sees it: NFKC (full-width to half-width), lower case, white space collapsed. */
export function normaliseForThemes(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
}

const HAN = /[\u3400-\u9fff]/;
// Syntax characters only: the word pattern is a 'u' regex, where an escaped "-" is an error.
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** A Latin keyword and its plural in -ies (delivery, deliveries); other endings are in the pattern. */
const forms = (k: string): string[] => (/[^aeiou]y$/.test(k) ? [k, `${k.slice(0, -1)}ies`] : [k]);

interface CompiledTheme {
  code: string;
  han: string[];
  words: RegExp | null;
  exclude: RegExp | null;
}

/** Themes prepared for matching many texts (one regex per theme); tagThemes compiles the seeds itself. */
export function compileThemes(themes: readonly Theme[]): CompiledTheme[] {
  return themes.map((theme) => {
    const keywords = theme.keywords.map(normaliseForThemes);
    const han = keywords.filter((k) => HAN.test(k));
    const latin = keywords
      .filter((k) => !HAN.test(k))
      .flatMap(forms)
      .sort((a, b) => b.length - a.length);
    const pattern = latin.map((k) => escape(k).replace(/ /g, '\\s')).join('|');
    const words =
      latin.length === 0
        ? null
        : new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern})(?:s|es|d|ed|ing)?(?![\\p{L}\\p{N}])`, 'u');
    const excluded = theme.exclude.map((e) => escape(normaliseForThemes(e)));
    const exclude = excluded.length === 0 ? null : new RegExp(excluded.join('|'), 'g');
    return { code: theme.code, han, words, exclude };
  });
}

let seedsCompiled: CompiledTheme[] | null = null;

/** Codes of the themes a text mentions, in theme order. Pass compileThemes(...) for configured themes. */
export function tagThemes(text: string, themes?: readonly CompiledTheme[]): string[] {
  const compiled = themes ?? (seedsCompiled ??= compileThemes(SEED_THEMES));
  const normal = normaliseForThemes(text);
  const found: string[] = [];
  for (const theme of compiled) {
    // An excluded phrase becomes a separator, so a keyword inside it (贵 in 贵公司) no longer matches.
    const own = theme.exclude === null ? normal : normal.replace(theme.exclude, ' | ');
    if (theme.han.some((k) => own.includes(k)) || (theme.words?.test(own) ?? false)) found.push(theme.code);
  }
  return found;
}
