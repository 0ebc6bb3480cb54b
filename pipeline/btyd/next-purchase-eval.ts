// The next-purchase evaluation (`churn evaluate --json` → nextPurchase): BG/NBD fitted on the purchases
// before the as-of date, its next-purchase predictions judged on what the customers did from the
// as-of date to the holdout end, against the usual-gap baseline; raw (BG/NBD's own) and shipped (the
// learned correction scoring applies, fitted by next-purchase-model.ts on cutoffs before the as-of
// date: never on the test window).
import { usualGapDays, scoreNextPurchase, type NextPurchaseScore } from '../../models/btyd/next-purchase-eval.ts';
import { bgNbdNextPurchaseAll } from '../../models/btyd/next-purchase.ts';
import { applyLearnedNextPurchase, type LearnedNextPurchase } from '../../models/btyd/next-purchase-learned.ts';
import type { BgNbdParams } from '../../models/btyd/index.ts';
import type { Database } from '../db/database.ts';
import { daysBetween } from '../dates.ts';
import { fitBgNbdAt, readNextPurchaseDays } from './next-purchase.ts';
import { fitNextPurchaseModel } from './next-purchase-model.ts';

export interface NextPurchaseEvaluation {
  asOf: string;
  holdoutEnd: string;
  level: number;
  params: BgNbdParams;
  /** The learned correction (its cutoffs, rows and date weight); null: none could be fitted. */
  learned: Omit<LearnedNextPurchase, 'within7' | 'within30'> | null;
  raw: NextPurchaseScore;
  /** What scoring ships: the learned P(within d) and median date (raw's when none was fitted). */
  shipped: NextPurchaseScore;
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
  const learned = await fitNextPurchaseModel(db, asOf);
  const shipped = learned ? applyLearnedNextPurchase(learned, fit.rfm, prediction, windowDays) : prediction;
  return {
    asOf,
    holdoutEnd,
    level,
    params: fit.params,
    learned: learned && { cutoffs: learned.cutoffs, rows: learned.rows, dateWeight: learned.dateWeight },
    raw: scoreNextPurchase(prediction, baseline, actual, windowDays),
    shipped: scoreNextPurchase(shipped, baseline, actual, windowDays),
  };
}
