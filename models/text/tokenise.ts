// Tokens of a normalised text for the hashed features: words, word bigrams and Chinese character
// n-grams, each with a prefix so that the three kinds never share a feature.
// Words come from Intl.Segmenter (ECMA-402; Node ships full ICU, whose word break iterator segments Han
// text with its dictionary and Latin text by the rules of UAX #29). On Node 20 / ICU 78 it gives, e.g.
//   "我对这次购物非常满意"  -> 我|对|这次|购物|非常|满意
//   "物流太慢了，客服态度差" -> 物流|太慢|了|，|客|服|态度|差   (客服 and 卡顿 come out as single characters)
//   "这个应用很好用"        -> 这个|应用|很好|用
// so the dictionary misses customer-service words; Han character 2- and 3-grams (the usual remedy for
// Chinese text classification without a segmenter, e.g. Li and Sun 2007, "Experimental study on
// sentiment classification of Chinese review using machine learning techniques") recover them.
import { EN_STOP_WORDS, ZH_STOP_WORDS } from './stop-words.ts';

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

/** Every token of a normalised text for feature hashing: `w:` words, `b:` word bigrams, `c:` Han n-grams. */
export function featureTokens(text: string): string[] {
  const list = words(text);
  return [
    ...list.map((w) => `w:${w}`),
    ...wordBigrams(list).map((b) => `b:${b}`),
    ...hanNgrams(text).map((c) => `c:${c}`),
  ];
}
