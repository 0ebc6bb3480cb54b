// One evaluation summary for churn probabilities and value predictions on a labelled snapshot,
// with the recency baseline (days since last purchase as the churn score) and any other baselines
// (e.g. BG/NBD x Gamma-Gamma) scored on the same customers with the same metrics.
import {
  averagePrecision,
  brierScore,
  calibrationTable,
  logLoss,
  normalizedGini,
  precisionRecall,
  rocAuc,
  rocCurve,
  spearman,
  thinCurve,
  valueDeciles,
} from './metrics.ts';
import { expectedCalibrationError, liftTable } from './ranking-metrics.ts';

export interface EvaluationInput {
  churned: ArrayLike<number>;
  churnProb: ArrayLike<number>;
  actualValue: ArrayLike<number>;
  predictedValue: ArrayLike<number>;
  recencyDays: ArrayLike<number>;
  baselines?: BaselineInput[];
}

export interface BaselineInput {
  name: string;
  churnProb: ArrayLike<number>;
  /** Absent for churn-only baselines (logistic regression). */
  predictedValue?: ArrayLike<number>;
}

export interface BaselineMetrics {
  auc: number;
  prAuc: number;
  logLoss: number;
  brier: number;
  ece: number;
  meanPredicted: number;
  value?: { gini: number; spearman: number; predictedTotal: number };
}

export interface Evaluation {
  customers: number;
  metrics: {
    auc: number;
    prAuc: number;
    logLoss: number;
    brier: number;
    ece: number;
    liftTopDecile: number;
    baseRate: number;
    meanPredicted: number;
    recencyAuc: number;
    value: { gini: number; spearman: number; predictedTotal: number; actualTotal: number };
    baselines?: Record<string, BaselineMetrics>;
  };
  roc: { fpr: number; tpr: number }[];
  pr: { recall: number; precision: number }[];
  calibration: { predicted: number; observed: number; count: number }[];
  valueDeciles: { decile: number; predicted: number; actual: number; count: number }[];
}

export function evaluate(input: EvaluationInput): Evaluation {
  const n = input.churned.length;
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return {
    customers: n,
    metrics: {
      auc: round(rocAuc(input.churned, input.churnProb)),
      prAuc: round(averagePrecision(input.churned, input.churnProb)),
      logLoss: round(logLoss(input.churned, input.churnProb)),
      brier: round(brierScore(input.churned, input.churnProb)),
      ece: round(expectedCalibrationError(input.churned, input.churnProb)),
      liftTopDecile: round(liftTable(input.churned, input.churnProb)[0]?.lift ?? NaN),
      baseRate: round(sum(input.churned) / n),
      meanPredicted: round(sum(input.churnProb) / n),
      recencyAuc: round(rocAuc(input.churned, input.recencyDays)),
      value: {
        gini: round(normalizedGini(input.actualValue, input.predictedValue)),
        spearman: round(spearman(input.actualValue, input.predictedValue)),
        predictedTotal: round(sum(input.predictedValue)),
        actualTotal: round(sum(input.actualValue)),
      },
      ...(input.baselines?.length
        ? { baselines: Object.fromEntries(input.baselines.map((b) => [b.name, baselineMetrics(input, b, round)])) }
        : {}),
    },
    roc: thinCurve(rocCurve(input.churned, input.churnProb)).map(({ fpr, tpr }) => ({
      fpr: round(fpr),
      tpr: round(tpr),
    })),
    pr: thinCurve(precisionRecall(input.churned, input.churnProb)).map(({ recall, precision }) => ({
      recall: round(recall),
      precision: round(precision),
    })),
    calibration: calibrationTable(input.churned, input.churnProb).map((b) => ({
      predicted: round(b.predicted),
      observed: round(b.observed),
      count: b.count,
    })),
    valueDeciles: valueDeciles(input.actualValue, input.predictedValue).map((d) => ({
      decile: d.decile,
      predicted: round(d.predicted),
      actual: round(d.actual),
      count: d.count,
    })),
  };
}

function baselineMetrics(input: EvaluationInput, b: BaselineInput, round: (v: number) => number): BaselineMetrics {
  return {
    auc: round(rocAuc(input.churned, b.churnProb)),
    prAuc: round(averagePrecision(input.churned, b.churnProb)),
    logLoss: round(logLoss(input.churned, b.churnProb)),
    brier: round(brierScore(input.churned, b.churnProb)),
    ece: round(expectedCalibrationError(input.churned, b.churnProb)),
    meanPredicted: round(sum(b.churnProb) / input.churned.length),
    ...(b.predictedValue
      ? {
          value: {
            gini: round(normalizedGini(input.actualValue, b.predictedValue)),
            spearman: round(spearman(input.actualValue, b.predictedValue)),
            predictedTotal: round(sum(b.predictedValue)),
          },
        }
      : {}),
  };
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}
