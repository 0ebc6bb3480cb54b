// Fits the learned next purchase (models/btyd/next-purchase-learned.ts) for an as-of date: on a
// deterministic sample of at most 100k customers (next-purchase-days.sql), at the cutoffs as-of - 30,
// - 60 and - 90 days, BG/NBD fitted on the purchases before each cutoff, its predictions against each
// customer's first purchase from the cutoff to the day before the as-of date. Nothing on or after
// the as-of date is read, so `churn evaluate` judges it on a window it never saw; training fits it
// the same way at its as-of date and saves it in the model metadata (`info.nextPurchase`) for scoring.
import { BtydError, fitBgNbd } from '../../models/btyd/index.ts';
import { bgNbdNextPurchaseAll } from '../../models/btyd/next-purchase.ts';
import {
  fitLearnedNextPurchase,
  type LearnedNextPurchase,
  type NextPurchaseSample,
} from '../../models/btyd/next-purchase-learned.ts';
import type { Database } from '../db/database.ts';
import { readSql } from '../db/database.ts';
import { addDays, daysBetween } from '../dates.ts';

export const LEARNED_LEAD_DAYS = [30, 60, 90];
export const LEARNED_SAMPLE = 100_000;

/** Null when BG/NBD fits at none of the cutoffs. */
export async function fitNextPurchaseModel(
  db: Database,
  asOf: string,
  sample = LEARNED_SAMPLE,
): Promise<LearnedNextPurchase | null> {
  const { numeric, other } = await db.vectors(
    readSql(import.meta.url, 'next-purchase-days.sql'),
    { as_of: asOf, sample },
    'next-purchase-days.sql',
  );
  const histories = { customerIds: other.customer_id as string[], days: numeric.day };
  const end = dayNumber(asOf) - 1;
  const samples: NextPurchaseSample[] = [];
  const cutoffs: string[] = [];
  for (const lead of LEARNED_LEAD_DAYS) {
    const cutoff = addDays(asOf, -lead);
    const { data, actualDays } = historiesAt(histories, dayNumber(cutoff), end);
    if (data.frequency.length === 0) continue;
    let params;
    try {
      params = fitBgNbd(data).params;
    } catch (error) {
      if (!(error instanceof BtydError)) throw error;
      continue;
    }
    const windowDays = lead;
    samples.push({
      data,
      raw: bgNbdNextPurchaseAll(params, data, { horizonDays: windowDays }),
      actualDays,
      windowDays,
    });
    cutoffs.push(cutoff);
  }
  return samples.length ? fitLearnedNextPurchase(samples, cutoffs) : null;
}

/**
 * The RFM summary in days at a cutoff (as rfm.sql: customers with a purchase day before it, T up to
 * its day before) and each one's first purchase day offset from it up to `end` (NaN: none), from
 * purchase days ordered by customer and day.
 */
export function historiesAt(
  histories: { customerIds: readonly string[]; days: ArrayLike<number> },
  cutoff: number,
  end: number,
) {
  const { customerIds: ids, days } = histories;
  const frequency: number[] = [];
  const recency: number[] = [];
  const T: number[] = [];
  const actual: number[] = [];
  for (let start = 0; start < ids.length; ) {
    let stop = start;
    while (stop < ids.length && ids[stop] === ids[start]) stop++;
    const first = days[start];
    if (first < cutoff) {
      let last = start;
      while (last + 1 < stop && days[last + 1] < cutoff) last++;
      frequency.push(last - start);
      recency.push(days[last] - first);
      T.push(cutoff - 1 - first);
      actual.push(last + 1 < stop && days[last + 1] <= end ? days[last + 1] - cutoff : NaN);
    }
    start = stop;
  }
  return {
    data: { frequency: Float64Array.from(frequency), recency: Float64Array.from(recency), T: Float64Array.from(T) },
    actualDays: Float64Array.from(actual),
  };
}

/** The learned next purchase of a saved model's metadata (null for a model trained before it). */
export function modelNextPurchase(metadata: { info: Record<string, unknown> }): LearnedNextPurchase | null {
  const stored = metadata.info.nextPurchase as LearnedNextPurchase | null | undefined;
  return stored?.within30 ? stored : null;
}

const dayNumber = (date: string) => daysBetween('1970-01-01', date);
