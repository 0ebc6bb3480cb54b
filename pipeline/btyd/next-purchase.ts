// The next purchase per customer at a snapshot cutoff (models/btyd/next-purchase.ts on the BG/NBD fit
// that customer-btyd.ts made), with the learned correction of a model version when it has one
// (models/btyd/next-purchase-learned.ts, fitted by next-purchase-model.ts on earlier cutoffs).
import {
  bgNbdNextPurchaseAll,
  DEFAULT_HORIZON_DAYS,
  type NextPurchase,
  type NextPurchaseOptions,
} from '../../models/btyd/next-purchase.ts';
import { applyLearnedNextPurchase, type LearnedNextPurchase } from '../../models/btyd/next-purchase-learned.ts';
import { BtydError, fitBgNbd, type BgNbdParams } from '../../models/btyd/index.ts';
import type { Database } from '../db/database.ts';
import { readSql } from '../db/database.ts';
import { addDays } from '../dates.ts';
import { readRfm, type RfmSummary } from './rfm.ts';
import { summaryPositions, type CustomerBtyd } from './customer-btyd.ts';

export interface CustomerNextPurchaseOptions extends NextPurchaseOptions {
  /** The model version's learned correction (modelNextPurchase); absent: BG/NBD's own. */
  learned?: LearnedNextPurchase | null;
}

/**
 * Per customer of `btyd.rfm` (customers with a purchase before the cutoff, in its order); all NaN
 * without a BG/NBD fit. P(within 7 / 30 days) and the median date are the learned ones when given.
 */
export function customerNextPurchase(btyd: CustomerBtyd, options: CustomerNextPurchaseOptions = {}): NextPurchase {
  const params = btyd.bgnbd?.params;
  const rfm = btyd.rfm;
  if (!params) return unknown(rfm.frequency.length);
  const raw = bgNbdNextPurchaseAll(params, rfm, options);
  return options.learned
    ? applyLearnedNextPurchase(options.learned, rfm, raw, options.horizonDays ?? DEFAULT_HORIZON_DAYS)
    : raw;
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
