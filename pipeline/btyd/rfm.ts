// Reads the per-customer RFM summary (rfm.sql) into typed columns for the BTYD models.
import type { Database } from '../db/database.ts';
import { readSql } from '../db/database.ts';

export type TimeUnit = 'days' | 'weeks';
export const UNIT_DAYS: Record<TimeUnit, number> = { days: 1, weeks: 7 };

export interface RfmOptions {
  /** Last day of the calibration period (inclusive), YYYY-MM-DD. */
  calibrationEnd: string;
  /** Last day of the holdout period (inclusive); omitted: no holdout. */
  holdoutEnd?: string;
  unit: TimeUnit;
}

export interface RfmSummary extends RfmOptions {
  customerIds: string[];
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  /** Mean value of the repeat purchase days; 0 without repeats. */
  monetary: Float64Array;
  /** First purchase day as days since 1970-01-01. */
  firstDay: Int32Array;
  frequencyHoldout: Float64Array;
  valueHoldout: Float64Array;
  /** Length of the holdout period in `unit`s (0 without one). */
  durationHoldout: number;
}

/** Repeat purchase days of the calibration cohort per calendar day (repeat-days.sql). */
export function readRepeatDays(db: Database, calibrationEnd: string, holdoutEnd: string) {
  return db.all<{ day_number: number; purchases: number }>(
    readSql(import.meta.url, 'repeat-days.sql'),
    { calibration_end: calibrationEnd, holdout_end: holdoutEnd },
    'repeat-days.sql',
  );
}

export async function readRfm(db: Database, options: RfmOptions): Promise<RfmSummary> {
  const { numeric, other } = await db.vectors(
    readSql(import.meta.url, 'rfm.sql'),
    {
      calibration_end: options.calibrationEnd,
      holdout_end: options.holdoutEnd ?? options.calibrationEnd,
      unit_days: UNIT_DAYS[options.unit],
    },
    'rfm.sql',
  );
  // NULL (monetary without repeats) counts as 0, as lifetimes' summary does.
  const numbers = (name: string) => numeric[name].map((v) => (Number.isNaN(v) ? 0 : v));
  const duration = numeric.duration_holdout;
  return {
    ...options,
    customerIds: other.customer_id as string[],
    frequency: numbers('frequency'),
    recency: numbers('recency'),
    T: numbers('T'),
    monetary: numbers('monetary'),
    firstDay: Int32Array.from(numeric.first_day_number),
    frequencyHoldout: numbers('frequency_holdout'),
    valueHoldout: numbers('value_holdout'),
    durationHoldout: duration.length ? duration[0] : 0,
  };
}

/**
 * The same summary (days, no holdout) from the feature snapshot at `cutoff`, whose rfm_* columns
 * features.sql computes in its pass over the events: customers of the snapshot with a purchase
 * before the cutoff, ordered by id. Equal to readRfm with calibrationEnd = cutoff - 1 for every
 * customer who signed up before their first purchase (test/features.test.ts).
 */
export async function readSnapshotRfm(db: Database, cutoff: string, calibrationEnd: string): Promise<RfmSummary> {
  const { numeric, other } = await db.vectors(
    // DOUBLE: typed reads copy DOUBLE vectors whole (a day number is exact in one), other types value by value.
    `SELECT customer_id, rfm_frequency, rfm_recency, rfm_t, coalesce(rfm_monetary, 0) AS rfm_monetary, CAST(rfm_first_day AS DOUBLE) AS rfm_first_day
     FROM features WHERE cutoff = CAST($cutoff AS DATE) AND rfm_frequency IS NOT NULL ORDER BY customer_id`,
    { cutoff },
    'features (rfm)',
  );
  const n = numeric.rfm_frequency.length;
  return {
    calibrationEnd,
    unit: 'days',
    customerIds: other.customer_id as string[],
    frequency: numeric.rfm_frequency,
    recency: numeric.rfm_recency,
    T: numeric.rfm_t,
    monetary: numeric.rfm_monetary,
    firstDay: Int32Array.from(numeric.rfm_first_day),
    frequencyHoldout: new Float64Array(n),
    valueHoldout: new Float64Array(n),
    durationHoldout: 0,
  };
}
