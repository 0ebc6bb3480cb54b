// The `intervals` section of `churn evaluate`: how often each value model's interval holds the
// actual test value, calibrated on the validation window only (the test customers are never seen
// before they are scored). `shipped` is what `churn train` saves (conformal on the shipped head);
// every value candidate gets the same calibration on their own validation predictions;
// `network (ziln)` is the network's own lognormal mixture, uncalibrated, for comparison. The churn
// interval is an interval on the estimate (no outcome to cover): its mean width only.
import { zilnIntervals, zilnParams } from '../../models/churn-clv/intervals.ts';
import { churnIntervals, fitChurnBootstrap } from '../../models/ensemble/churn-intervals.ts';
import { CANDIDATE } from '../../models/ensemble/shipped.ts';
import { applyChurnHead, applyValueHead } from '../../models/ensemble/select.ts';
import { coverage, fitValueIntervals, valueIntervals, type Coverage } from '../../models/eval/intervals.ts';
import { levelFactor, predictCandidates } from '../train/candidates.ts';
import type { LabelledSet } from '../train/datasets.ts';
import type { FitAndChoose } from '../train/fit-and-choose.ts';
import type { Config } from '../config/config-schema.ts';

export interface IntervalsSection {
  level: number;
  method: string;
  /** Per value model: coverage of its interval on the test customers, and its mean width. */
  value: ({ name: string } & Coverage)[];
  /** Test customers whose actual value is 0 (the point mass). */
  zeroShare: number;
  churn: { method: string; meanWidth: number };
}

export function intervalsSection(
  step: FitAndChoose,
  valid: LabelledSet,
  test: LabelledSet,
  config: Config,
  /** Test value horizon / the horizon the value models learned from. */
  stretch: number,
  level = 0.8,
): IntervalsSection {
  const { selection, validPredictions } = step;
  const testPredictions = predictCandidates(step.shipping, test, config.churn);
  const actual = test.labels.value;
  const vv = valid.labels.value;
  const rows: IntervalsSection['value'] = [];
  const judge = (name: string, validPredicted: ArrayLike<number>, testPredicted: ArrayLike<number>) => {
    const calibration = fitValueIntervals(validPredicted, vv);
    const predicted = Float64Array.from(testPredicted, (x) => x * stretch);
    rows.push({ name, ...coverage(valueIntervals(calibration, predicted, level), actual, level) });
  };
  const { value } = selection;
  judge(
    'shipped',
    value.predictions[value.winner].map((x) => x * value.level),
    applyValueHead(selection.heads.value.head, testPredictions.value).map((x) => x * value.level),
  );
  for (const [name, valuesValid] of Object.entries(validPredictions.value)) {
    const level_ = levelFactor(valuesValid, vv);
    judge(
      name,
      valuesValid.map((x) => x * level_),
      testPredictions.value[name].map((x) => x * level_),
    );
  }
  const network = step.shipping.network;
  const ziln = zilnParams(network.network, testPredictions.x);
  const networkLevel = levelFactor(validPredictions.value[CANDIDATE.network], vv) * stretch;
  rows.push({ name: 'network (ziln)', ...coverage(zilnIntervals(ziln, level, networkLevel), actual, level) });

  const bootstrap = fitChurnBootstrap(
    selection.heads.churn.head,
    validPredictions.churn,
    valid.labels.churned,
    config.seed,
  );
  const shippedChurn = applyChurnHead(selection.heads.churn.head, testPredictions.churn);
  const churn = churnIntervals(bootstrap, testPredictions.churn, level, shippedChurn);
  let width = 0;
  for (let i = 0; i < churn.low.length; i++) width += churn.high[i] - churn.low[i];
  let zeros = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] === 0) zeros++;
  return {
    level,
    method: 'split conformal on the validation window: quantiles of actual / predicted in 10 bins of the prediction',
    value: rows,
    zeroShare: round(zeros / Math.max(actual.length, 1)),
    churn: {
      method: 'bootstrap of the churn head on the validation window (20 draws)',
      meanWidth: round(width / Math.max(churn.low.length, 1)),
    },
  };
}

function round(x: number): number {
  return Number(x.toPrecision(7));
}
