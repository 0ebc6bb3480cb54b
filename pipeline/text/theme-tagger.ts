// Which complaint themes (pipeline/config/voice-config.ts) a text mentions. Pure and IO-free.
//
// One pass over the text whatever the number of themes and keywords (millions of texts are tagged):
// Chinese keywords are looked up by their first character at each Han position (Chinese has no spaces,
// so a keyword is a substring); Latin keywords are looked up word by word, a keyword of several words
// from its first, allowing the endings s / es / d / ed / ing on the last word ("crash" finds "crashes",
// "app" does not find "apple"). A theme's `exclude` phrases hide the keywords inside them, for that
// theme only (贵公司 is polite "your company", not a price complaint).
import { normaliseText } from '../../models/text/index.ts';
import { SEED_THEMES, type Theme } from '../config/voice-config.ts';

/** Text as the matcher sees it: the text core's normal form (NFKC, lower case, white space collapsed). */
export const normaliseForThemes = normaliseText;

const HAN = /[\u3400-\u9fff]/;
const WORD = /[\p{L}\p{N}]+/gu;
// Latin keywords need a Latin letter in the text: most Chinese texts have none, and skip the word pass.
const LATIN_LETTER = /[a-z]/;
const ENDINGS = ['ing', 'es', 'ed', 's', 'd'];

/** A phrase to find, and the bit of each theme it counts for (or hides, for an exclude). */
interface Phrase {
  text: string;
  /** Latin: the phrase's words. */
  words?: string[];
  bits: number;
}

export interface CompiledThemes {
  codes: string[];
  /** Han keywords by first character. */
  han: Map<string, Phrase[]>;
  /** Latin keywords by first word (the last word may take an ending). */
  latin: Map<string, Phrase[]>;
  /** Exclude phrases by first character (matched as substrings, Latin or Han). */
  exclude: Map<string, Phrase[]>;
  /** 1 at the UTF-16 code of a Han keyword's first character, 2 of an exclude's: most characters start none. */
  starts: Uint8Array;
}

/** A Latin keyword and its plural in -ies (delivery, deliveries); the other endings are matched by lookup. */
const forms = (k: string): string[] => (/[^aeiou]y$/.test(k) ? [k, `${k.slice(0, -1)}ies`] : [k]);

function add(map: Map<string, Phrase[]>, key: string, text: string, bit: number, words?: string[]): void {
  const list = map.get(key) ?? [];
  const same = list.find((p) => p.text === text);
  if (same) same.bits |= bit;
  else list.push({ text, words, bits: bit });
  map.set(key, list);
}

/** Themes prepared for matching many texts (at most 31: a text's themes are bits of one integer). */
export function compileThemes(themes: readonly Theme[]): CompiledThemes {
  if (themes.length > 31) throw new Error(`at most 31 themes can be tagged, got ${themes.length}`);
  const compiled: CompiledThemes = {
    codes: themes.map((t) => t.code),
    han: new Map(),
    latin: new Map(),
    exclude: new Map(),
    starts: new Uint8Array(65_536),
  };
  themes.forEach((theme, i) => {
    const bit = 1 << i;
    for (const raw of theme.keywords) {
      const k = normaliseForThemes(raw).trim();
      if (k === '') continue;
      if (HAN.test(k)) add(compiled.han, k[0], k, bit);
      else
        for (const form of forms(k)) {
          const words = form.match(WORD) ?? [];
          if (words.length > 0) add(compiled.latin, words[0]!, form, bit, words);
        }
    }
    for (const raw of theme.exclude) {
      const e = normaliseForThemes(raw).trim();
      if (e !== '') add(compiled.exclude, e[0], e, bit);
    }
  });
  for (const key of compiled.han.keys()) compiled.starts[key.charCodeAt(0)] |= 1;
  for (const key of compiled.exclude.keys()) compiled.starts[key.charCodeAt(0)] |= 2;
  return compiled;
}

let seedsCompiled: CompiledThemes | null = null;

/** The themes a text mentions as bits (bit i: the i-th compiled theme); `normalised`: normaliseText's already. */
export function themeMask(text: string, compiled: CompiledThemes, normalised = false): number {
  const normal = normalised ? text : normaliseForThemes(text);
  const hidden = compiled.exclude.size > 0 ? excludedRanges(normal, compiled) : null;
  let mask = 0;
  const found = (bits: number, start: number, end: number) => {
    let b = bits;
    if (hidden) for (const [s, e, x] of hidden) if (start < e && end > s) b &= ~x;
    mask |= b;
  };
  if (compiled.han.size > 0)
    for (let i = 0; i < normal.length; i++) {
      if ((compiled.starts[normal.charCodeAt(i)] & 1) === 0) continue;
      const candidates = compiled.han.get(normal[i]);
      if (candidates) for (const p of candidates) if (normal.startsWith(p.text, i)) found(p.bits, i, i + p.text.length);
    }
  if (compiled.latin.size > 0 && LATIN_LETTER.test(normal)) matchLatin(normal, compiled.latin, found);
  return mask;
}

/** Latin keywords, word by word: whole words only, the last one with an optional ending. */
function matchLatin(
  normal: string,
  latin: CompiledThemes['latin'],
  found: (bits: number, s: number, e: number) => void,
) {
  const words: { w: string; at: number }[] = [];
  for (const m of normal.matchAll(WORD)) words.push({ w: m[0], at: m.index });
  for (let i = 0; i < words.length; i++) {
    const first = words[i].w;
    const candidates = latin.get(first) ?? latin.get(stem(first, latin) ?? '');
    if (!candidates) continue;
    for (const p of candidates) {
      const n = p.words!.length;
      if (i + n > words.length) continue;
      let ok = true;
      for (let j = 0; j < n && ok; j++) {
        const w = words[i + j].w;
        ok = w === p.words![j] || (j === n - 1 && takesEnding(w, p.words![j]));
      }
      // Words of a phrase are separated by single spaces in the normalised text, as in the keyword.
      const start = words[i].at;
      const last = words[i + n - 1];
      if (ok && (n === 1 || normal.slice(start, last.at) === `${p.words!.slice(0, -1).join(' ')} `))
        found(p.bits, start, last.at + last.w.length);
    }
  }
}

/** `word` is `base` with one of the endings. */
const takesEnding = (word: string, base: string) =>
  word.length > base.length && word.startsWith(base) && ENDINGS.includes(word.slice(base.length));

/** The keyword a word with an ending comes from, if any (every ending ends in s, d or g). */
function stem(word: string, latin: CompiledThemes['latin']): string | null {
  const last = word.charCodeAt(word.length - 1);
  if (word.length < 3 || (last !== 115 && last !== 100 && last !== 103)) return null;
  for (const e of ENDINGS) if (word.endsWith(e) && latin.has(word.slice(0, -e.length))) return word.slice(0, -e.length);
  return null;
}

/** Where exclude phrases occur, with the themes whose keywords they hide. */
function excludedRanges(normal: string, compiled: CompiledThemes): [number, number, number][] | null {
  let ranges: [number, number, number][] | null = null;
  for (let i = 0; i < normal.length; i++) {
    if ((compiled.starts[normal.charCodeAt(i)] & 2) === 0) continue;
    const candidates = compiled.exclude.get(normal[i]);
    if (candidates)
      for (const p of candidates)
        if (normal.startsWith(p.text, i)) (ranges ??= []).push([i, i + p.text.length, p.bits]);
  }
  return ranges;
}

/** Codes of the themes a text mentions, in theme order. Pass compileThemes(...) for configured themes. */
export function tagThemes(text: string, themes?: CompiledThemes): string[] {
  const compiled = themes ?? (seedsCompiled ??= compileThemes(SEED_THEMES));
  const mask = themeMask(text, compiled);
  return compiled.codes.filter((_, i) => (mask & (1 << i)) !== 0);
}
