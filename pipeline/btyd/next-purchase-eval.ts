// The next-purchase evaluation (`churn evaluate --json` → nextPurchase): BG/NBD fitted on the purchases
// before the as-of date, its next-purchase predictions judged on what the customers did from the
// as-of date to the holdout end, against the usual-gap baseline; P(within 7 / 30 days) raw and
// calibrated (isotonic, fitted at as-of - 30 days: never on the test window).
import { usualGapDays, scoreNextPurchase, type NextPurchaseScore } from '../../models/btyd/next-purchase-eval.ts';
import { bgNbdNextPurchaseAll } from '../../models/btyd/next-purchase.ts';
import type { BgNbdParams } from '../../models/btyd/index.ts';
import type { Database } from '../db/database.ts';
import { daysBetween } from '../dates.ts';
import { calibrate, fitBgNbdAt, fitNextPurchaseCalibration, readNextPurchaseDays } from './next-purchase.ts';

export interface NextPurchaseEvaluation {
  asOf: string;
  holdoutEnd: string;
  level: number;
  params: BgNbdParams;
  /** The cutoff the calibration was fitted at (its 30-day outcome ends the day before asOf); null: none. */
  calibrationCutoff: string | null;
  raw: NextPurchaseScore;
  /** The P(within d) metrics after calibration; the dates are the same as raw's. */
  calibrated: Pick<NextPurchaseScore, 'ece' | 'within30'> | null;
}

export interface NextPurchaseEvaluationOptions {
  asOf: string;
  /** Last day of the holdout window (inclusive). */
  holdoutEnd: string;
  level?: number;
}

/** null with the reason when BG/NBD cannot be fitted at the as-of date. */
export async function evaluateNextPurchase(
  db: Database,
  options: NextPurchaseEvaluationOptions,
): Promise<NextPurchaseEvaluation | { skipped: string }> {
  const { asOf, holdoutEnd } = options;
  const level = options.level ?? 0.8;
  const fit = await fitBgNbdAt(db, asOf);
  if (!fit.params) return { skipped: fit.problem! };
  const windowDays = daysBetween(asOf, holdoutEnd) + 1;
  // The dates are given a purchase within the window: the population the errors are over.
  const prediction = bgNbdNextPurchaseAll(fit.params, fit.rfm, { level, horizonDays: windowDays });
  const actual = await readNextPurchaseDays(db, asOf, holdoutEnd, fit.rfm.customerIds);
  // The baseline gets the same knowledge of the window: a date past it is moved to its last day.
  const baseline = usualGapDays(fit.rfm).map((d) => Math.min(d, windowDays - 1));
  const raw = scoreNextPurchase(prediction, baseline, actual, windowDays);
  const calibration = await fitNextPurchaseCalibration(db, asOf);
  const calibrated = calibration
    ? scoreNextPurchase(calibrate(prediction, calibration), baseline, actual, windowDays)
    : null;
  return {
    asOf,
    holdoutEnd,
    level,
    params: fit.params,
    calibrationCutoff: calibration?.cutoff ?? null,
    raw,
    calibrated: calibrated && { ece: calibrated.ece, within30: calibrated.within30 },
  };
}
