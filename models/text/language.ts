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

export type Language = 'zh' | 'en' | 'mixed' | 'unknown';

export const LATIN_WEIGHT = 1 / 3;
export const ZH_MIN_SHARE = 0.8;
export const EN_MAX_SHARE = 0.2;
export const MIN_LETTERS = 2;

const LETTER = /(\p{Script=Han})|(\p{Script=Latin})|\p{L}/gu;

export type Detection = { language: Language; hanShare: number; han: number; latin: number; other: number };

/** The language of a (normalised or raw) text, with the counts it was decided from. */
export function detectLanguage(text: string): Detection {
  let han = 0;
  let latin = 0;
  let other = 0;
  for (const [, isHan, isLatin] of text.matchAll(LETTER)) {
    if (isHan) han++;
    else if (isLatin) latin++;
    else other++;
  }
  const weighted = han + LATIN_WEIGHT * latin;
  const hanShare = weighted > 0 ? han / weighted : 0;
  const language: Language =
    han + latin < MIN_LETTERS || other > han + latin
      ? 'unknown'
      : hanShare >= ZH_MIN_SHARE
        ? 'zh'
        : hanShare <= EN_MAX_SHARE
          ? 'en'
          : 'mixed';
  return { language, hanShare, han, latin, other };
}
