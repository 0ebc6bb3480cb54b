// The metric blocks of `churn evaluate`: one per model and task, same field names for every model so
// other tools can read them. Scores that are not probabilities (the recency rule) get ranking metrics
// only; their probability metrics are null.
import {
  averagePrecision,
  brierScore,
  calibrationTable,
  logLoss,
  normalizedGini,
  rocAuc,
  spearman,
  valueDeciles,
} from './metrics.ts';
import {
  decileMape,
  expectedCalibrationError,
  liftTable,
  precisionRecallAtK,
  type LiftRow,
} from './ranking-metrics.ts';

type Num = ArrayLike<number>;

export interface ChurnMetrics {
  auc: number;
  prAuc: number;
  logLoss: number | null;
  brier: number | null;
  ece: number | null;
  liftTopDecile: number;
  precisionTop10: number;
  recallTop10: number;
  meanPredicted: number | null;
  baseRate: number;
}

export interface ChurnDetail {
  reliability: { predicted: number; observed: number; count: number }[] | null;
  lift: LiftRow[];
}

export interface ValueMetrics {
  gini: number;
  spearman: number;
  decileMape: number;
  predictedTotal: number;
  actualTotal: number;
}

const round = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v);

export function churnMetrics(labels: Num, scores: Num, probabilistic: boolean): ChurnMetrics {
  const n = labels.length;
  const top = precisionRecallAtK(labels, scores, n / 10);
  const lift = liftTable(labels, scores);
  return {
    auc: round(rocAuc(labels, scores)),
    prAuc: round(averagePrecision(labels, scores)),
    logLoss: probabilistic ? round(logLoss(labels, scores)) : null,
    brier: probabilistic ? round(brierScore(labels, scores)) : null,
    ece: probabilistic ? round(expectedCalibrationError(labels, scores)) : null,
    liftTopDecile: round(lift[0]?.lift ?? NaN),
    precisionTop10: round(top.precision),
    recallTop10: round(top.recall),
    meanPredicted: probabilistic ? round(mean(scores)) : null,
    baseRate: round(mean(labels)),
  };
}

export function churnDetail(labels: Num, scores: Num, probabilistic: boolean): ChurnDetail {
  return {
    reliability: probabilistic
      ? calibrationTable(labels, scores).map((b) => ({
          predicted: round(b.predicted),
          observed: round(b.observed),
          count: b.count,
        }))
      : null,
    lift: liftTable(labels, scores).map((r) => ({
      ...r,
      rate: round(r.rate),
      lift: round(r.lift),
      cumulativeGain: round(r.cumulativeGain),
    })),
  };
}

export function valueMetrics(actual: Num, predicted: Num): ValueMetrics {
  return {
    gini: round(normalizedGini(actual, predicted)),
    spearman: round(spearman(actual, predicted)),
    decileMape: round(decileMape(actual, predicted)),
    predictedTotal: round(sum(predicted)),
    actualTotal: round(sum(actual)),
  };
}

export function valueDecileChart(actual: Num, predicted: Num) {
  return valueDeciles(actual, predicted).map((d) => ({ ...d, predicted: round(d.predicted), actual: round(d.actual) }));
}

function sum(values: Num): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

function mean(values: Num): number {
  return values.length ? sum(values) / values.length : NaN;
}
