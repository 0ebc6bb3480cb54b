// The shape of a language's sentiment lexicon as written (lexicon-zh.ts, lexicon-en.ts): comma-separated
// entries grouped by weight, so a list reads as a list and a reviewer can see every weight at once.

/** [weight, 'entry,entry,...'] */
export type WeightedList = readonly [number, string];

export type LexiconSource = {
  /** Sentiment entries by weight, -2 (strongly negative) to +2; weight 0 shields a word from a shorter entry. */
  polar: readonly WeightedList[];
  /** Words that flip the next sentiment entry within the negation window. */
  negators: string;
  /** Multipliers of the next sentiment entry (above 1 strengthen, below 1 soften). */
  intensifiers: readonly WeightedList[];
  /** Words after which a sentence counts more and before which less ("good, but slow"). */
  contrasts: string;
  /** Sentiment entries that act as intensifiers (by weight) when a sentiment entry follows at once: 好 in 好慢. */
  dual?: readonly WeightedList[];
};

/** The entries of a comma-separated list, trimmed, empties dropped. */
export function entries(list: string): string[] {
  return list
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
}
