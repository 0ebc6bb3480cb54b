// Metrics a retention team reads off a ranked list and a calibration check. Pure functions over arrays.
//   ECE: expected calibration error over equal-width probability bins, sum_b (n_b / N) |mean p_b - mean y_b|.
//   Lift and cumulative gain by decile of score (decile 1 = highest scores).
//   Precision and recall in the top k of the ranking.
//   Decile MAPE (Wang, Liu and Miao 2019): customers in deciles of predicted value, the mean absolute
//   percentage error between each decile's mean prediction and mean actual value, averaged over deciles.

import { valueDeciles } from './metrics.ts';

type Num = ArrayLike<number>;

export function expectedCalibrationError(labels: Num, probs: Num, bins = 10): number {
  const sums = Array.from({ length: bins }, () => ({ p: 0, y: 0, n: 0 }));
  for (let i = 0; i < labels.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(probs[i] * bins)));
    sums[b].p += probs[i];
    sums[b].y += labels[i];
    sums[b].n++;
  }
  let ece = 0;
  for (const s of sums) if (s.n > 0) ece += Math.abs(s.p - s.y);
  return ece / labels.length;
}

export interface LiftRow {
  decile: number;
  count: number;
  positives: number;
  rate: number;
  lift: number;
  /** Share of all positives found in deciles 1..d. */
  cumulativeGain: number;
}

/** Lift and cumulative gain by decile of score, highest scores first; ties broken by index. */
export function liftTable(labels: Num, scores: Num): LiftRow[] {
  const order = descending(scores);
  const n = order.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += labels[i];
  const base = total / n;
  const out: LiftRow[] = [];
  let found = 0;
  for (let d = 0; d < 10; d++) {
    const from = Math.floor((d * n) / 10);
    const to = Math.floor(((d + 1) * n) / 10);
    if (to <= from) continue;
    let positives = 0;
    for (let k = from; k < to; k++) positives += labels[order[k]];
    found += positives;
    const rate = positives / (to - from);
    out.push({
      decile: d + 1,
      count: to - from,
      positives,
      rate,
      lift: base > 0 ? rate / base : NaN,
      cumulativeGain: total > 0 ? found / total : NaN,
    });
  }
  return out;
}

/** Precision and recall when the top `k` customers by score are contacted. */
export function precisionRecallAtK(
  labels: Num,
  scores: Num,
  k: number,
): { k: number; precision: number; recall: number } {
  const order = descending(scores);
  const top = Math.min(Math.max(Math.round(k), 0), order.length);
  let total = 0;
  for (let i = 0; i < labels.length; i++) total += labels[i];
  let hits = 0;
  for (let i = 0; i < top; i++) hits += labels[order[i]];
  return { k: top, precision: top ? hits / top : NaN, recall: total ? hits / total : NaN };
}

/** Mean over deciles of predicted value of |mean predicted - mean actual| / mean actual. */
export function decileMape(actual: Num, predicted: Num): number {
  // A decile whose customers spent nothing has no percentage error; it is left out.
  const errors = valueDeciles(actual, predicted)
    .filter((d) => d.actual !== 0)
    .map((d) => Math.abs(d.predicted - d.actual) / Math.abs(d.actual));
  return errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : NaN;
}

function descending(values: Num): number[] {
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
}
