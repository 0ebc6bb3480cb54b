// Language of a feedback text from the script of its letters: Han characters (Unicode Script=Han) stand
// for Chinese, Latin letters for English. No model and no dictionary: the product reads only these two
// languages, and the script tells them apart.
// A Han character carries about as much as a short word, while an English word spells out ~4-5 letters,
// so Latin letters count a third each (LATIN_WEIGHT) before taking the Han share
//   hanShare = han / (han + LATIN_WEIGHT * latin)
// and the thresholds read:
//   hanShare >= 0.8  zh      ("订单号 A123 还没到" is still Chinese)
//   hanShare <= 0.2  en      (a product name in Chinese inside English stays English)
//   otherwise        mixed   ("delivery 很慢, very late")
//   unknown          fewer than MIN_LETTERS Han or Latin letters (digits, emoji, one letter), or other scripts
//                    (kana, Hangul, Cyrillic, ...) outnumber Han and Latin together (Japanese uses Han too).
// Speed (millions of texts): each UTF-16 code unit's class comes from a 64 KiB table built once from the
// same Unicode properties, so the scan runs no regular expression per character; characters outside the
// Basic Multilingual Plane (rare: Han extension B+, emoji) are classified by the properties directly.

export type Language = 'zh' | 'en' | 'mixed' | 'unknown';

export const LATIN_WEIGHT = 1 / 3;
export const ZH_MIN_SHARE = 0.8;
export const EN_MAX_SHARE = 0.2;
export const MIN_LETTERS = 2;

// Character classes: what detection counts and what the tokeniser joins into words.
/** Punctuation, space, symbols, emoji: separates words. */
export const OTHER = 0;
/** Script=Han (letters and the few Han numerals and marks): Chinese. */
export const HAN_CHAR = 1;
/** A Script=Latin character (letters, and the rare Latin numerals such as Ⅻ). */
export const LATIN_LETTER = 2;
/** A letter of another script (kana, Hangul, Cyrillic...). */
export const OTHER_LETTER = 3;
/** A number or combining mark outside Han: part of a word, not counted as a letter. */
export const WORD_PART = 4;
/** An apostrophe, which joins letters into one word ("don't", "wasn’t"). */
export const APOSTROPHE = 5;
export type CharClass = 0 | 1 | 2 | 3 | 4 | 5;

const HAN = /\p{Script=Han}/u;
const LATIN = /\p{Script=Latin}/u;
const LETTER = /\p{L}/u;
const NUMBER_OR_MARK = /[\p{N}\p{M}]/u;

/** The class of one code point, from its Unicode properties. */
export function classify(char: string): CharClass {
  if (HAN.test(char)) return HAN_CHAR;
  if (LATIN.test(char)) return LATIN_LETTER; // any Script=Latin character, as detection always counted
  if (char === "'" || char === '\u2019') return APOSTROPHE;
  if (LETTER.test(char)) return OTHER_LETTER;
  return NUMBER_OR_MARK.test(char) ? WORD_PART : OTHER;
}

let bmp: Uint8Array | undefined;

/** The class of every BMP code unit, built on first use (~20 ms); surrogates are Other here. */
export function bmpClasses(): Uint8Array {
  if (!bmp) {
    bmp = new Uint8Array(0x10000);
    for (let c = 0; c < 0x10000; c++) {
      if (c < 0xd800 || c > 0xdfff) bmp[c] = classify(String.fromCharCode(c));
    }
  }
  return bmp;
}

const astral = new Map<number, CharClass>();

/** The class of a code point above U+FFFF (remembered: the planes hold few distinct ones in practice). */
export function astralClass(codePoint: number): CharClass {
  let found = astral.get(codePoint);
  if (found === undefined) astral.set(codePoint, (found = classify(String.fromCodePoint(codePoint))));
  return found;
}

export type Detection = { language: Language; hanShare: number; han: number; latin: number; other: number };

/** The language from the letter counts (see the header). */
export function languageOf(han: number, latin: number, other: number): Language {
  const weighted = han + LATIN_WEIGHT * latin;
  const hanShare = weighted > 0 ? han / weighted : 0;
  return han + latin < MIN_LETTERS || other > han + latin
    ? 'unknown'
    : hanShare >= ZH_MIN_SHARE
      ? 'zh'
      : hanShare <= EN_MAX_SHARE
        ? 'en'
        : 'mixed';
}

/** The language of a (normalised or raw) text, with the counts it was decided from. */
export function detectLanguage(text: string): Detection {
  const table = bmpClasses();
  let han = 0;
  let latin = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    let k = table[text.charCodeAt(i)];
    const code = text.codePointAt(i)!;
    if (code > 0xffff) {
      k = astralClass(code);
      i++;
    }
    if (k === HAN_CHAR) han++;
    else if (k === LATIN_LETTER) latin++;
    else if (k === OTHER_LETTER) other++;
  }
  const weighted = han + LATIN_WEIGHT * latin;
  return { language: languageOf(han, latin, other), hanShare: weighted > 0 ? han / weighted : 0, han, latin, other };
}
