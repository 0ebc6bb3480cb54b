// "New and growing" words of voice.json: in the complaints no theme tags, the words and phrases whose
// count grew most in the last 90 days against the 90 before, as candidates for a new theme in config
// voice.themes. Words come from models/text (Intl.Segmenter words, stop words dropped) and, for Chinese,
// character 2- and 3-grams (the segmenter splits 客服 and 卡顿 into characters). Each text counts a term
// once; terms found in exactly the same texts are one entry (the first, with the others in `also`), so
// one recurring sentence does not fill the list. Pure and IO-free.
import { hanNgrams, normaliseText, words } from '../../models/text/index.ts';
import { ZH_STOP_WORDS } from '../../models/text/stop-words.ts';

export interface WordCount {
  term: string;
  recent: number;
  previous: number;
  /** Terms found in exactly the same texts. */
  also: string[];
}

/** A term needs this many complaints in the last 90 days to be listed. */
export const MIN_RECENT = 3;
/** Terms listed, and terms found with them at most. */
const LIMIT = 15;
const ALSO = 5;
const HAN = /\p{Script=Han}/u;
const LATIN_WORD = /^\p{L}[\p{L}'-]{2,}$/u;
// Kept by the sentiment stop words on purpose (they change what a text says), but no topic.
const FUNCTION_WORDS = new Set(
  "not no nor but never very too really please any all more most much can't cannot don't didn't isn't was wasn't still yet even".split(
    ' ',
  ),
);
const FUNCTION_CHARS = new Set([
  ...ZH_STOP_WORDS,
  '不',
  '没',
  '很',
  '太',
  '也',
  '又',
  '还',
  '再',
  '才',
  '能',
  '会',
  '要',
]);

/**
 * The distinct terms of one text: Latin words of 3+ letters, Han words of 2+ characters, Han 2-3-grams;
 * `segmented` collects the terms that are the segmenter's words (named first in an entry).
 */
export function terms(text: string, segmented?: Set<string>): Set<string> {
  const normal = normaliseText(text).toLowerCase();
  const out = new Set<string>();
  for (const w of words(normal)) {
    if (HAN.test(w) ? [...w].length >= 2 : LATIN_WORD.test(w) && !FUNCTION_WORDS.has(w)) {
      out.add(w);
      segmented?.add(w);
    }
  }
  // An n-gram that starts or ends with a function character (的, 了, 不) is a fragment, not a phrase.
  for (const g of hanNgrams(normal)) {
    const chars = [...g];
    if (!FUNCTION_CHARS.has(chars[0]) && !FUNCTION_CHARS.has(chars[chars.length - 1])) out.add(g);
  }
  return out;
}

/** The terms that grew most (recent − previous, then recent), leaving out those `covered` by a theme. */
export function growingWords(
  texts: readonly { text: string; recent: boolean }[],
  covered: (term: string) => boolean,
  limit = LIMIT,
): WordCount[] {
  const segmented = new Set<string>();
  const split = texts.map((t) => terms(t.text, segmented));
  const wordsFirst = (a: string, b: string) =>
    Number(segmented.has(b)) - Number(segmented.has(a)) || b.length - a.length || (a < b ? -1 : a > b ? 1 : 0);
  const counts = new Map<string, { recent: number; previous: number }>();
  split.forEach((set, i) => {
    for (const term of set) {
      const c = counts.get(term) ?? { recent: 0, previous: 0 };
      counts.set(term, c);
      if (texts[i].recent) c.recent++;
      else c.previous++;
    }
  });
  const grew = [...counts.entries()]
    .filter(([term, c]) => c.recent >= MIN_RECENT && c.recent > c.previous && !covered(term))
    .sort(
      ([a, x], [b, y]) => y.recent - y.previous - (x.recent - x.previous) || y.recent - x.recent || wordsFirst(a, b),
    )
    .slice(0, limit * 20);
  // Which texts each candidate is in; candidates in the same texts become one entry.
  const where = new Map(grew.map(([term]) => [term, [] as number[]]));
  split.forEach((set, i) => {
    for (const term of set) where.get(term)?.push(i);
  });
  const bySignature = new Map<string, WordCount>();
  for (const [term, c] of grew) {
    const signature = where.get(term)!.join(',');
    const entry = bySignature.get(signature);
    if (entry) {
      if (entry.also.length < ALSO) entry.also.push(term);
    } else bySignature.set(signature, { term, recent: c.recent, previous: c.previous, also: [] });
  }
  return [...bySignature.values()].slice(0, limit);
}
