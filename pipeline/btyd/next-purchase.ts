// The next purchase per customer at a snapshot cutoff (models/btyd/next-purchase.ts on the BG/NBD fit
// that customer-btyd.ts made), and the calibration of its P(within 7 / 30 days): isotonic, fitted on an
// earlier cutoff (cutoff - 30 days) whose 30-day outcome ends the day before the cutoff, so it never
// sees what happens after the cutoff.
import { applyCalibration, fitCalibration, type Calibration } from '../../models/eval/calibration.ts';
import { bgNbdNextPurchaseAll, type NextPurchase, type NextPurchaseOptions } from '../../models/btyd/next-purchase.ts';
import { boughtWithin } from '../../models/btyd/next-purchase-eval.ts';
import { BtydError, fitBgNbd, type BgNbdParams } from '../../models/btyd/index.ts';
import type { Database } from '../db/database.ts';
import { readSql } from '../db/database.ts';
import { addDays } from '../dates.ts';
import { readRfm, type RfmSummary } from './rfm.ts';
import { summaryPositions, type CustomerBtyd } from './customer-btyd.ts';

/** Days between the calibration cutoff and the cutoff: the longest "within" window. */
export const CALIBRATION_LEAD_DAYS = 30;

export interface NextPurchaseCalibration {
  /** The earlier cutoff it was fitted at. */
  cutoff: string;
  customers: number;
  within7: Calibration;
  within30: Calibration;
}

export interface CustomerNextPurchaseOptions extends NextPurchaseOptions {
  calibration?: NextPurchaseCalibration | null;
}

/**
 * Per customer of `btyd.rfm` (customers with a purchase before the cutoff, in its order); all NaN
 * without a BG/NBD fit. pWithin7/pWithin30 are calibrated when a calibration is given.
 */
export function customerNextPurchase(btyd: CustomerBtyd, options: CustomerNextPurchaseOptions = {}): NextPurchase {
  const params = btyd.bgnbd?.params;
  const rfm = btyd.rfm;
  if (!params) return unknown(rfm.frequency.length);
  return calibrate(bgNbdNextPurchaseAll(params, rfm, options), options.calibration);
}

/** The columns for `customerIds` (in that order), as alignBtyd does; customers without a purchase before the cutoff get NaN. */
export function alignNextPurchase(
  btyd: CustomerBtyd,
  next: NextPurchase,
  customerIds: readonly string[],
): NextPurchase {
  const position = summaryPositions(btyd.rfm.customerIds, customerIds);
  return mapColumns(next, (column) => Float64Array.from(position, (p) => (p < 0 ? NaN : column[p])));
}

export function calibrate(next: NextPurchase, calibration: NextPurchaseCalibration | null | undefined): NextPurchase {
  if (!calibration) return next;
  return {
    ...next,
    pWithin7: applyCalibration(calibration.within7, next.pWithin7),
    pWithin30: applyCalibration(calibration.within30, next.pWithin30),
  };
}

/** BG/NBD fitted in days on the purchases before `cutoff`; null (with the reason) when it cannot be. */
export async function fitBgNbdAt(
  db: Database,
  cutoff: string,
): Promise<{ rfm: RfmSummary; params: BgNbdParams | null; problem?: string }> {
  const rfm = await readRfm(db, { calibrationEnd: addDays(cutoff, -1), unit: 'days' });
  if (rfm.frequency.length === 0) return { rfm, params: null, problem: `no purchases before ${cutoff}` };
  try {
    return { rfm, params: fitBgNbd(rfm).params };
  } catch (error) {
    if (!(error instanceof BtydError)) throw error;
    return { rfm, params: null, problem: `BG/NBD not fitted at ${cutoff}: ${error.message}` };
  }
}

/** Isotonic calibration of P(within 7 / 30 days) at cutoff - 30 days; null when BG/NBD cannot be fitted there. */
export async function fitNextPurchaseCalibration(
  db: Database,
  cutoff: string,
  method: Calibration['method'] = 'isotonic',
): Promise<NextPurchaseCalibration | null> {
  const at = addDays(cutoff, -CALIBRATION_LEAD_DAYS);
  const { rfm, params } = await fitBgNbdAt(db, at);
  if (!params) return null;
  const raw = bgNbdNextPurchaseAll(params, rfm);
  const days = await readNextPurchaseDays(db, at, addDays(cutoff, -1), rfm.customerIds);
  return {
    cutoff: at,
    customers: rfm.customerIds.length,
    within7: fitCalibration(method, boughtWithin(days, 7), raw.pWithin7),
    within30: fitCalibration(method, boughtWithin(days, 30), raw.pWithin30),
  };
}

/** Each of `customerIds`' first purchase day offset from `asOf` up to `holdoutEnd` (next-purchase.sql); NaN: none. */
export async function readNextPurchaseDays(
  db: Database,
  asOf: string,
  holdoutEnd: string,
  customerIds: readonly string[],
): Promise<Float64Array> {
  const { numeric, other } = await db.vectors(
    readSql(import.meta.url, 'next-purchase.sql'),
    { as_of: asOf, holdout_end: holdoutEnd },
    'next-purchase.sql',
  );
  const at = summaryPositions(other.customer_id as string[], customerIds);
  return Float64Array.from(at, (p) => (p < 0 ? NaN : numeric.days[p]));
}

function unknown(n: number): NextPurchase {
  return mapColumns(bgNbdNextPurchaseAll({ r: 1, alpha: 1, a: 1, b: 1 }, EMPTY), () => new Float64Array(n).fill(NaN));
}

const EMPTY = { frequency: [], recency: [], T: [] };

function mapColumns(next: NextPurchase, f: (column: Float64Array) => Float64Array): NextPurchase {
  return Object.fromEntries(Object.entries(next).map(([k, v]) => [k, f(v)])) as unknown as NextPurchase;
}
