// Calibration vs holdout: each transaction model's forecast for the holdout period against what the
// customers did. Totals, per-customer correlation and mean absolute error, the conditional-expectation
// table by number of calibration repeat purchases (Fader, Hardie and Lee 2005, fig. 4) and the
// cumulative repeat purchases by week (fig. 3), actual vs predicted from each customer's birth day.
import { compressRfm, type Patterns, type TransactionModel } from '../../models/btyd/index.ts';
import { pearson } from '../../models/eval/metrics.ts';
import { addDays } from '../dates.ts';
import { UNIT_DAYS, type RfmSummary } from './rfm.ts';

export interface FittedModel {
  model: TransactionModel;
  params: Record<string, number>;
}

export interface HoldoutComparison {
  start: string;
  end: string;
  /** Holdout length in the summary's time unit. */
  duration: number;
  customers: number;
  actual: { repeatPurchases: number };
  models: Record<string, { predicted: number; correlation: number; mae: number }>;
  /** Mean holdout purchases by calibration repeat purchases (the last row is "N+"). */
  byFrequency: { frequency: string; customers: number; actual: number; predicted: Record<string, number> }[];
  /** Cumulative repeat purchases of the cohort at the end of each week since its first purchase day. */
  cumulative: { week: number; date: string; actual: number; predicted: Record<string, number> }[];
}

const TOP_BIN = 7;
const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;
const dayToDate = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
const dateToDay = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

/** `patterns`: compressRfm of the summary, when the caller has it already. */
export function compareHoldout(
  rfm: RfmSummary,
  fitted: FittedModel[],
  dailyRepeats: { day_number: number; purchases: number }[],
  patterns?: Patterns,
): HoldoutComparison {
  if (rfm.holdoutEnd === undefined) throw new Error('compareHoldout needs a summary with a holdout period');
  const n = rfm.customerIds.length;
  const duration = rfm.durationHoldout;
  const actual = rfm.frequencyHoldout;
  const data = { frequency: rfm.frequency, recency: rfm.recency, T: rfm.T };
  const p = patterns ?? compressRfm(data);
  const predictions = fitted.map(({ model, params }) => model.conditionalExpectedAll(params, duration, data, p));
  const models: HoldoutComparison['models'] = {};
  fitted.forEach(({ model }, k) => {
    const p = predictions[k];
    let mae = 0;
    for (let i = 0; i < n; i++) mae += Math.abs(p[i] - actual[i]);
    models[model.name] = {
      predicted: round(sum(p), 1),
      correlation: round(pearson(p, actual) || 0),
      mae: round(mae / n),
    };
  });
  return {
    start: addDays(rfm.calibrationEnd, 1),
    end: rfm.holdoutEnd,
    duration: round(duration),
    customers: n,
    actual: { repeatPurchases: sum(actual) },
    models,
    byFrequency: byFrequency(rfm, fitted, predictions),
    cumulative: cumulative(rfm, fitted, dailyRepeats),
  };
}

function byFrequency(
  rfm: RfmSummary,
  fitted: FittedModel[],
  predictions: Float64Array[],
): HoldoutComparison['byFrequency'] {
  const bins = Array.from({ length: TOP_BIN + 1 }, () => ({ customers: 0, actual: 0, predicted: fitted.map(() => 0) }));
  for (let i = 0; i < rfm.customerIds.length; i++) {
    const bin = bins[Math.min(rfm.frequency[i], TOP_BIN)];
    bin.customers++;
    bin.actual += rfm.frequencyHoldout[i];
    predictions.forEach((p, k) => (bin.predicted[k] += p[i]));
  }
  return bins
    .map((bin, x) => ({
      frequency: x === TOP_BIN ? `${TOP_BIN}+` : String(x),
      customers: bin.customers,
      actual: bin.customers ? round(bin.actual / bin.customers) : 0,
      predicted: Object.fromEntries(
        fitted.map(({ model }, k) => [model.name, bin.customers ? round(bin.predicted[k] / bin.customers) : 0]),
      ),
    }))
    .filter((row) => row.customers > 0);
}

function cumulative(
  rfm: RfmSummary,
  fitted: FittedModel[],
  dailyRepeats: { day_number: number; purchases: number }[],
): HoldoutComparison['cumulative'] {
  const unitDays = UNIT_DAYS[rfm.unit];
  const births = new Map<number, number>();
  for (const day of rfm.firstDay) births.set(day, (births.get(day) ?? 0) + 1);
  const start = Math.min(...births.keys());
  const end = dateToDay(rfm.holdoutEnd!);
  // E[X(t)] depends on the whole days since birth only: cache it per model and day count.
  const caches = fitted.map(() => new Map<number, number>());
  const expected = (k: number, days: number) => {
    let v = caches[k].get(days);
    if (v === undefined) {
      v = fitted[k].model.expected(fitted[k].params, days / unitDays);
      caches[k].set(days, v);
    }
    return v;
  };
  const rows: HoldoutComparison['cumulative'] = [];
  let actual = 0;
  let next = 0;
  for (let week = 1; start + 7 * (week - 1) <= end; week++) {
    const last = Math.min(start + 7 * week - 1, end);
    while (next < dailyRepeats.length && dailyRepeats[next].day_number <= last)
      actual += dailyRepeats[next++].purchases;
    const predicted = fitted.map((_, k) => {
      let total = 0;
      for (const [birth, count] of births) if (birth < last) total += count * expected(k, last - birth);
      return total;
    });
    rows.push({
      week,
      date: dayToDate(last),
      actual,
      predicted: Object.fromEntries(fitted.map(({ model }, k) => [model.name, round(predicted[k], 1)])),
    });
  }
  return rows;
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}
