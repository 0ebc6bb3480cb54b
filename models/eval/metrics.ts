// Evaluation metrics for churn probabilities and value predictions. Pure functions over arrays.

type Num = ArrayLike<number>;

/** ROC-AUC by the rank-sum (Mann-Whitney) formula; tied scores share their average rank. */
export function rocAuc(labels: Num, scores: Num): number {
  const n = labels.length;
  const order = sortedIndex(scores);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]] === 1) {
        positives++;
        rankSum += avgRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Average precision (area under the precision-recall curve, step-wise, ties grouped). */
export function averagePrecision(labels: Num, scores: Num): number {
  const curve = precisionRecall(labels, scores);
  let ap = 0;
  let prevRecall = 0;
  for (const { recall, precision } of curve) {
    ap += (recall - prevRecall) * precision;
    prevRecall = recall;
  }
  return ap;
}

/** Precision-recall points at each distinct score threshold, from the highest score down. */
export function precisionRecall(labels: Num, scores: Num): { recall: number; precision: number; threshold: number }[] {
  const positives = count(labels);
  return thresholdCounts(labels, scores).map(({ tp, fp, threshold }) => ({
    recall: positives ? tp / positives : 0,
    precision: tp / (tp + fp),
    threshold,
  }));
}

/** ROC points at each distinct threshold, starting at (0, 0). */
export function rocCurve(labels: Num, scores: Num): { fpr: number; tpr: number; threshold: number }[] {
  const positives = count(labels);
  const negatives = labels.length - positives;
  return [
    { fpr: 0, tpr: 0, threshold: Infinity },
    ...thresholdCounts(labels, scores).map(({ tp, fp, threshold }) => ({
      fpr: negatives ? fp / negatives : 0,
      tpr: positives ? tp / positives : 0,
      threshold,
    })),
  ];
}

/** True and false positives when predicting 1 for scores >= each distinct threshold, highest first. */
function thresholdCounts(labels: Num, scores: Num): { tp: number; fp: number; threshold: number }[] {
  const order = sortedIndex(scores).reverse();
  const out: { tp: number; fp: number; threshold: number }[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; i++) {
    if (labels[order[i]] === 1) tp++;
    else fp++;
    if (i + 1 === order.length || scores[order[i + 1]] !== scores[order[i]])
      out.push({ tp, fp, threshold: scores[order[i]] });
  }
  return out;
}

export function logLoss(labels: Num, probs: Num, eps = 1e-12): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(Math.max(probs[i], eps), 1 - eps);
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / labels.length;
}

export function brierScore(labels: Num, probs: Num): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum += (probs[i] - labels[i]) ** 2;
  return sum / labels.length;
}

/** Reliability table over equal-width probability bins; empty bins are left out. */
export function calibrationTable(
  labels: Num,
  probs: Num,
  bins = 10,
): { predicted: number; observed: number; count: number }[] {
  const sums = Array.from({ length: bins }, () => ({ p: 0, y: 0, n: 0 }));
  for (let i = 0; i < labels.length; i++) {
    const b = Math.min(bins - 1, Math.floor(probs[i] * bins));
    sums[b].p += probs[i];
    sums[b].y += labels[i];
    sums[b].n++;
  }
  return sums.filter((s) => s.n > 0).map((s) => ({ predicted: s.p / s.n, observed: s.y / s.n, count: s.n }));
}

/**
 * Normalised Gini of a value ranking: the Gini of actual values ordered by prediction divided by the
 * Gini of the perfect ordering (1 = perfect ranking, 0 = random), as in the ZILN paper.
 */
export function normalizedGini(actual: Num, predicted: Num): number {
  const perfect = giniByOrder(actual, actual);
  return perfect === 0 ? NaN : giniByOrder(actual, predicted) / perfect;
}

function giniByOrder(actual: Num, key: Num): number {
  const n = actual.length;
  // Descending by key; ties broken by index so the result does not depend on sort stability.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => key[b] - key[a] || a - b);
  let total = 0;
  for (let i = 0; i < n; i++) total += actual[i];
  if (total === 0) return 0;
  let cumulative = 0;
  let area = 0;
  for (const i of order) {
    cumulative += actual[i];
    area += cumulative / total;
  }
  // Area under the cumulative-share curve minus that of a random ordering.
  return area / n - (n + 1) / (2 * n);
}

/** Spearman rank correlation with average ranks for ties. */
export function spearman(a: Num, b: Num): number {
  return pearson(ranks(a), ranks(b));
}

export function pearson(a: Num, b: Num): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (a[i] - ma) * (b[i] - mb);
    va += (a[i] - ma) ** 2;
    vb += (b[i] - mb) ** 2;
  }
  return va === 0 || vb === 0 ? NaN : cov / Math.sqrt(va * vb);
}

export function ranks(values: Num): Float64Array {
  const order = sortedIndex(values);
  const out = new Float64Array(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    for (let k = i; k <= j; k++) out[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/** Mean predicted and actual value per decile of predicted value (decile 1 = highest predictions). */
export function valueDeciles(
  actual: Num,
  predicted: Num,
): { decile: number; predicted: number; actual: number; count: number }[] {
  const order = sortedIndex(predicted).reverse();
  const n = order.length;
  const out = [];
  for (let d = 0; d < 10; d++) {
    const from = Math.floor((d * n) / 10);
    const to = Math.floor(((d + 1) * n) / 10);
    if (to <= from) continue;
    let p = 0;
    let a = 0;
    for (let k = from; k < to; k++) {
      p += predicted[order[k]];
      a += actual[order[k]];
    }
    out.push({ decile: d + 1, predicted: p / (to - from), actual: a / (to - from), count: to - from });
  }
  return out;
}

/** Keeps at most `max` points of a curve, always the first and the last. */
export function thinCurve<T>(points: T[], max = 200): T[] {
  if (points.length <= max) return points;
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)]);
}

function sortedIndex(values: Num): number[] {
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
}

function count(labels: Num): number {
  let c = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) c++;
  return c;
}
