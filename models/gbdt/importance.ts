// Total split gain per input column over the kept trees: which inputs the model leans on (explanations).
import type { GbdtModel } from './model.ts';

export function gbdtFeatureGains(model: GbdtModel): number[] {
  const gains = new Array<number>(model.cols).fill(0);
  for (const tree of model.trees) tree.feature.forEach((f, n) => f >= 0 && (gains[f] += tree.gain[n]));
  return gains;
}
