// Global permutation importance on the evaluation window: for each feature (a categorical feature's
// one-hot inputs together), shuffle it across customers and measure how much the churn ROC-AUC and
// the value Gini fall. Seeded, so the same model and data give the same numbers.
import { permuteGroup } from '../churn-clv/attribution.ts';
import type { ChurnClvModel } from '../churn-clv/churn-clv-model.ts';
import { mulberry32 } from '../random.ts';
import type { FeatureColumns } from '../churn-clv/preprocess.ts';
import { normalizedGini, rocAuc } from './metrics.ts';

export interface FeatureImportance {
  feature: string;
  aucDrop: number;
  giniDrop: number;
}

export function permutationImportance(
  model: ChurnClvModel,
  columns: FeatureColumns,
  rows: number,
  labels: { churned: ArrayLike<number>; value: ArrayLike<number> },
  seed: number,
): FeatureImportance[] {
  const x = model.inputMatrix(columns, rows);
  const base = model.predictMatrix(x);
  const auc = rocAuc(labels.churned, base.churnProb);
  const gini = normalizedGini(labels.value, base.value);
  const features = [...new Set(model.metadata.inputs.map((name) => name.split('=')[0]))];
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return features
    .map((feature, k) => {
      const group = model.metadata.inputs.flatMap((name, j) => (name.split('=')[0] === feature ? [j] : []));
      const p = model.predictMatrix(permuteGroup(x, group, mulberry32(seed + k)));
      return {
        feature,
        aucDrop: round(auc - rocAuc(labels.churned, p.churnProb)),
        giniDrop: round(gini - normalizedGini(labels.value, p.value)),
      };
    })
    .sort((a, b) => b.aucDrop - a.aucDrop || b.giniDrop - a.giniDrop || a.feature.localeCompare(b.feature));
}
