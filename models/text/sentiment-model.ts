// TEMPORARY (lead's placeholder until the i20-model branch lands).
import type { SerialisedSentiment } from './analyse.ts';

export interface HoldoutQuality {
  n: number;
  positives: number;
  auc: number;
  ece: number;
  brier: number;
  lexiconAuc: number;
}
export type TrainedSentiment =
  | { use: 'model'; model: SerialisedSentiment; holdout: HoldoutQuality }
  | { use: 'lexicon'; reason: string; holdout: HoldoutQuality | null };

export function labelFromScore(score: number, scale: 'nps' | 'csat' | 'stars'): boolean | null {
  if (scale === 'nps') return score >= 9 ? true : score <= 6 ? false : null;
  return score >= 4 ? true : score <= 2 ? false : null;
}

export async function trainSentiment(
  examples: readonly { text: string; positive: boolean }[],
  _options: { seed: number },
): Promise<TrainedSentiment> {
  return { use: 'lexicon', reason: `placeholder (${examples.length} examples)`, holdout: null };
}
