// Tokens of a normalised text for the hashed features, each with a prefix so that the kinds never share a
// feature: `w:` words of the non-Han scripts (stop words dropped), `b:` bigrams of those words, `c:` Han
// character 1-, 2- and 3-grams. `featureTokens` lists them as strings; `scanText` finds the same tokens as
// spans of the text, which hashing.ts hashes without building a string (millions of texts: see
// analyse.ts). One scanner serves both, so training and scoring see the same tokens.
// Why no dictionary segmenter in the features: `words` below (Intl.Segmenter) costs ~20 µs a text, over
// the whole per-text budget, and for Chinese it adds little to the n-grams, which contain every one- to
// three-character word it finds. Non-Han words are split at anything but letters, numbers, marks and
// an apostrophe between two of them ("don't" stays one word, as in UAX #29).
// `words` comes from Intl.Segmenter (ECMA-402; Node ships full ICU, whose word break iterator segments Han
// text with its dictionary and Latin text by the rules of UAX #29). On Node 20 / ICU 78 it gives, e.g.
//   "我对这次购物非常满意"  -> 我|对|这次|购物|非常|满意
//   "物流太慢了，客服态度差" -> 物流|太慢|了|，|客|服|态度|差   (客服 and 卡顿 come out as single characters)
//   "这个应用很好用"        -> 这个|应用|很好|用
// so the dictionary misses customer-service words; Han character 2- and 3-grams (the usual remedy for
// Chinese text classification without a segmenter, e.g. Li and Sun 2007, "Experimental study on
// sentiment classification of Chinese review using machine learning techniques") recover them.
import { EN_STOP_WORDS, ZH_STOP_WORDS } from './stop-words.ts';

import * as chars from './language.ts';

// Read once into module constants: under tsx an imported binding is a getter call on every use, which
// in the per-character loop cost more than the scan itself.
const { APOSTROPHE, HAN_CHAR, LATIN_LETTER, OTHER, OTHER_LETTER } = chars;
const { astralClass, bmpClasses } = chars;

const HAN_RUN = /\p{Script=Han}+/gu;
const HAS_HAN = /\p{Script=Han}/u;

let segmenter: Intl.Segmenter | undefined;

/** One shared segmenter, made on first use (nothing runs at import); 'zh' segments Latin words as well. */
function wordSegmenter(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  return segmenter;
}

function isStopWord(word: string): boolean {
  return HAS_HAN.test(word) ? ZH_STOP_WORDS.has(word) : EN_STOP_WORDS.has(word);
}

/** The word-like segments of a normalised text, in order, stop words dropped. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const s of wordSegmenter().segment(text)) {
    if (s.isWordLike && !isStopWord(s.segment)) out.push(s.segment);
  }
  return out;
}

/** Adjacent pairs of words, joined by a space. */
export function wordBigrams(list: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < list.length; i++) out.push(`${list[i - 1]} ${list[i]}`);
  return out;
}

/** Character n-grams of each run of Han characters, for every n in `sizes` (2 and 3 by default). */
export function hanNgrams(text: string, sizes: readonly number[] = [2, 3]): string[] {
  const out: string[] = [];
  for (const [run] of text.matchAll(HAN_RUN)) {
    const chars = [...run];
    for (const n of sizes) {
      for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
    }
  }
  return out;
}

/** The spans of one text's tokens, filled by `scanText` (reused: valid until the next scan). */
export type Spans = {
  /** Kept words: [start, end) of word k at 2k, 2k+1. */
  words: Int32Array;
  wordCount: number;
  /** Han characters: start offset of each, in runs; runEnds[r] = index after run r's last character. */
  han: Int32Array;
  hanCount: number;
  /** The end offset of Han character k is hanEnd[k] (astral characters take two code units). */
  hanEnd: Int32Array;
  runEnds: Int32Array;
  runCount: number;
  /** Letters counted as detectLanguage counts them. */
  hanLetters: number;
  latinLetters: number;
  otherLetters: number;
};

const spans: Spans = {
  words: new Int32Array(256),
  wordCount: 0,
  han: new Int32Array(256),
  hanCount: 0,
  hanEnd: new Int32Array(256),
  runEnds: new Int32Array(64),
  runCount: 0,
  hanLetters: 0,
  latinLetters: 0,
  otherLetters: 0,
};

function grow(a: Int32Array, need: number): Int32Array {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** Makes room for a text of `length` code units: it holds at most that many words and Han characters. */
function reserve(length: number): void {
  spans.words = grow(spans.words, 2 * length + 2);
  spans.han = grow(spans.han, length + 1);
  spans.hanEnd = grow(spans.hanEnd, length + 1);
  spans.runEnds = grow(spans.runEnds, length + 1);
}

/** Adds the word text[start, end) unless it is a stop word; returns the new word count. */
function keepWord(text: string, start: number, end: number, words: Int32Array, wordCount: number): number {
  if (EN_STOP_WORDS.has(text.slice(start, end))) return wordCount;
  words[2 * wordCount] = start;
  words[2 * wordCount + 1] = end;
  return wordCount + 1;
}

/**
 * Finds the tokens of a normalised text in one pass over its code units: the words (not stop words),
 * the Han characters grouped in runs, and the letter counts for language detection.
 */
export function scanText(text: string): Spans {
  const table = bmpClasses();
  reserve(text.length);
  const { words, han, hanEnd, runEnds } = spans;
  let wordCount = 0;
  let hanCount = 0;
  let runCount = 0;
  let latin = 0;
  let other = 0;
  let wordStart = -1; // start of the word being read, or -1
  let wordEnd = -1; // end of its last word character (an apostrophe joins only when one follows)
  for (let i = 0; i < text.length; ) {
    const unit = text.charCodeAt(i);
    let k = table[unit];
    let width = 1;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const code = text.codePointAt(i)!;
      if (code > 0xffff) {
        k = astralClass(code);
        width = 2;
      }
    }
    if (k === HAN_CHAR) {
      if (wordStart >= 0) wordCount = keepWord(text, wordStart, wordEnd, words, wordCount);
      wordStart = -1;
      if (hanCount > 0 && hanEnd[hanCount - 1] !== i) runEnds[runCount++] = hanCount;
      han[hanCount] = i;
      hanEnd[hanCount++] = i + width;
    } else if (k === OTHER || k === APOSTROPHE) {
      if (wordStart >= 0 && (k === OTHER || wordEnd !== i)) {
        wordCount = keepWord(text, wordStart, wordEnd, words, wordCount);
        wordStart = -1;
      }
    } else {
      if (k === LATIN_LETTER) latin++;
      else if (k === OTHER_LETTER) other++;
      if (wordStart < 0) wordStart = i;
      wordEnd = i + width;
    }
    i += width;
  }
  if (wordStart >= 0) wordCount = keepWord(text, wordStart, wordEnd, words, wordCount);
  if (hanCount > 0) runEnds[runCount++] = hanCount;
  spans.wordCount = wordCount;
  spans.hanCount = spans.hanLetters = hanCount;
  spans.runCount = runCount;
  spans.latinLetters = latin;
  spans.otherLetters = other;
  return spans;
}

/** The sizes of the Han character n-grams in the features. */
export const HAN_GRAM_SIZES = [1, 2, 3] as const;

/** Every token of a normalised text for feature hashing, as strings (see the header). */
export function featureTokens(text: string): string[] {
  const s = scanText(text);
  const out: string[] = [];
  const word = (k: number) => text.slice(s.words[2 * k], s.words[2 * k + 1]);
  for (let k = 0; k < s.wordCount; k++) out.push(`w:${word(k)}`);
  for (let k = 1; k < s.wordCount; k++) out.push(`b:${word(k - 1)} ${word(k)}`);
  let runStart = 0;
  for (let r = 0; r < s.runCount; r++) {
    const runEnd = s.runEnds[r];
    for (const n of HAN_GRAM_SIZES) {
      for (let k = runStart; k + n <= runEnd; k++) out.push(`c:${text.slice(s.han[k], s.hanEnd[k + n - 1])}`);
    }
    runStart = runEnd;
  }
  return out;
}
