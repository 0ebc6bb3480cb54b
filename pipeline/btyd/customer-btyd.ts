// BG/NBD x Gamma-Gamma per customer at a snapshot cutoff, for the rest of the pipeline: the at-risk
// scores (P(alive), expected purchases over the churn horizon), the deep model's extra inputs and
// the baseline every evaluation reports. Fitted in days on the purchases strictly before the cutoff,
// the same information the feature snapshot sees. A fit that fails leaves the columns unknown (NaN)
// and says why in `problems`; the pipeline goes on without them.
import {
  BtydError,
  compressRfm,
  fitBgNbd,
  fitGammaGamma,
  forecastBgNbdCustomers,
  gammaGammaExpectedSpend,
  type BgNbdParams,
  type FitReport,
  type GammaGammaReport,
} from '../../models/btyd/index.ts';
import type { Database } from '../db/database.ts';
import { addDays } from '../dates.ts';
import { runWorker } from '../worker.ts';
import { readRfm, readSnapshotRfm, type RfmSummary } from './rfm.ts';

/** CLV discounting: monthly steps at 1% a month (lifetimes' defaults). */
export const CLV_STEP_DAYS = 30;
export const CLV_MONTHLY_DISCOUNT = 0.01;

export interface CustomerBtydOptions {
  /** Snapshot cutoff: purchases before it are the calibration data. */
  cutoff: string;
  horizonDays: number;
  valueHorizonDays: number;
  /** Also read what each customer did in [cutoff, cutoff + horizonDays) (a holdout). */
  withHoldout?: boolean;
  /** Take the RFM summary from the feature snapshot at the cutoff (no second pass over the events). */
  fromSnapshot?: boolean;
}

export interface CustomerBtyd {
  cutoff: string;
  rfm: RfmSummary;
  bgnbd: FitReport<BgNbdParams> | null;
  gammagamma: GammaGammaReport | null;
  problems: string[];
  /** Per customer of `rfm` (customers with a purchase before the cutoff). */
  pAlive: Float64Array;
  /** Expected purchase days in the churn horizon. */
  expectedPurchases: Float64Array;
  /** P(no purchase in the churn horizon): the BG/NBD churn probability. */
  pNoPurchase: Float64Array;
  /** Expected spend per purchase day (Gamma-Gamma). */
  expectedSpend: Float64Array;
  /** Expected spend in the value horizon, undiscounted (comparable with the value label). */
  expectedValue: Float64Array;
  /** The same, discounted monthly: the CLV shown in reports. */
  clv: Float64Array;
}

export async function customerBtyd(db: Database, options: CustomerBtydOptions): Promise<CustomerBtyd> {
  return computeBtyd(await readBtydSummary(db, options), options);
}

/** The RFM summary the fits need: from the snapshot when asked and it has one, else from the events. */
export async function readBtydSummary(db: Database, options: CustomerBtydOptions): Promise<RfmSummary> {
  const { cutoff, horizonDays } = options;
  const calibrationEnd = addDays(cutoff, -1);
  return options.fromSnapshot && (await snapshotHasRfm(db))
    ? await readSnapshotRfm(db, cutoff, calibrationEnd)
    : await readRfm(db, {
        calibrationEnd,
        holdoutEnd: options.withHoldout ? addDays(cutoff, horizonDays - 1) : undefined,
        unit: 'days',
      });
}

export type BtydHorizons = Pick<CustomerBtydOptions, 'cutoff' | 'horizonDays' | 'valueHorizonDays'>;

export interface BtydWorkerRequest {
  summary: Omit<RfmSummary, 'customerIds'>;
  options: BtydHorizons;
}

/**
 * computeBtyd on a worker thread, so the caller can read other data meanwhile (scoring reads the
 * feature snapshot: at 1M customers both take seconds, and there are two cores). Same result.
 */
export async function computeBtydInWorker(rfm: RfmSummary, options: BtydHorizons): Promise<CustomerBtyd> {
  const { customerIds, ...summary } = rfm;
  const request: BtydWorkerRequest = {
    summary,
    options: { cutoff: options.cutoff, horizonDays: options.horizonDays, valueHorizonDays: options.valueHorizonDays },
  };
  const result = await runWorker<Omit<CustomerBtyd, 'rfm'>>(
    new URL('./btyd-worker.ts', import.meta.url),
    request,
    'BTYD worker',
  );
  return { ...result, rfm };
}

/** The fits and per-customer predictions from a summary: pure computation (also run on a worker thread). */
export function computeBtyd(rfm: RfmSummary, options: BtydHorizons): CustomerBtyd {
  const { cutoff, horizonDays, valueHorizonDays } = options;
  // The columns' length, not the ids': a worker gets the numbers without the ids.
  const n = rfm.frequency.length;
  const out: CustomerBtyd = {
    cutoff,
    rfm,
    bgnbd: null,
    gammagamma: null,
    problems: [],
    pAlive: new Float64Array(n).fill(NaN),
    expectedPurchases: new Float64Array(n).fill(NaN),
    pNoPurchase: new Float64Array(n).fill(NaN),
    expectedSpend: new Float64Array(n).fill(NaN),
    expectedValue: new Float64Array(n).fill(NaN),
    clv: new Float64Array(n).fill(NaN),
  };
  if (n === 0) {
    out.problems.push(`no purchases before ${cutoff}`);
    return out;
  }
  const data = { frequency: rfm.frequency, recency: rfm.recency, T: rfm.T };
  // Compressed once, for the fit and the forecasts.
  const patterns = attempt(() => compressRfm(data), 'BG/NBD', out.problems);
  out.bgnbd = patterns && attempt(() => fitBgNbd(data, {}, patterns), 'BG/NBD', out.problems);
  out.gammagamma = attempt(
    () => fitGammaGamma({ frequency: rfm.frequency, monetary: rfm.monetary }),
    'Gamma-Gamma',
    out.problems,
  );
  const params = out.bgnbd?.params;
  if (!params || !patterns) return out;
  if (!out.bgnbd!.converged) out.problems.push(`BG/NBD did not converge at ${cutoff}: ${out.bgnbd!.message}`);
  const spend = spendPerPurchase(rfm, out.gammagamma);
  const clv = { horizon: valueHorizonDays, step: CLV_STEP_DAYS, discountRate: CLV_MONTHLY_DISCOUNT };
  const forecast = forecastBgNbdCustomers(params, data, patterns, spend, { horizon: horizonDays, clv });
  return {
    ...out,
    pAlive: forecast.pAlive,
    expectedPurchases: forecast.expected,
    pNoPurchase: forecast.pNone,
    expectedSpend: spend,
    expectedValue: forecast.value,
    clv: forecast.clv,
  };
}

/** Snapshots built before features.sql carried the BTYD summary do not have it (`--reuse-features` on an old database). */
async function snapshotHasRfm(db: Database): Promise<boolean> {
  const rows = await db.all(
    "SELECT 1 FROM information_schema.columns WHERE table_name = 'features' AND column_name = 'rfm_frequency'",
    {},
    'features (rfm columns)',
  );
  return rows.length > 0;
}

/** The columns for `customerIds` (in that order); customers without a purchase before the cutoff get NaN. */
export function alignBtyd(btyd: CustomerBtyd, customerIds: readonly string[]) {
  const position = summaryPositions(btyd.rfm.customerIds, customerIds);
  const pick = (column: Float64Array) => {
    const out = new Float64Array(position.length);
    for (let i = 0; i < position.length; i++) out[i] = position[i] < 0 ? NaN : column[position[i]];
    return out;
  };
  return {
    pAlive: pick(btyd.pAlive),
    expectedPurchases: pick(btyd.expectedPurchases),
    pNoPurchase: pick(btyd.pNoPurchase),
    expectedValue: pick(btyd.expectedValue),
    clv: pick(btyd.clv),
  };
}

/** For each of `customerIds`, its index in `summaryIds`, or -1. */
export function summaryPositions(summaryIds: readonly string[], customerIds: readonly string[]): Int32Array {
  // Scoring reads both from the same snapshot, by customer id, the summary being the customers with a
  // purchase: then one walk matches them. When it cannot (another order, other customers), a Map does,
  // far slower at 1M customers (bench/RESULTS.md).
  const position = new Int32Array(customerIds.length);
  let next = 0;
  for (let i = 0; i < customerIds.length; i++)
    position[i] = next < summaryIds.length && summaryIds[next] === customerIds[i] ? next++ : -1;
  if (next === summaryIds.length) return position;
  const index = new Map<string, number>();
  summaryIds.forEach((id, i) => index.set(id, i));
  for (let i = 0; i < customerIds.length; i++) position[i] = index.get(customerIds[i]) ?? -1;
  return position;
}

export type AlignedBtyd = ReturnType<typeof alignBtyd>;

/** Gamma-Gamma's expected spend per purchase day; without a usable fit, the customer's own mean. */
function spendPerPurchase(rfm: RfmSummary, gg: GammaGammaReport | null): Float64Array {
  let total = 0;
  let count = 0;
  for (let i = 0; i < rfm.frequency.length; i++) {
    if (rfm.frequency[i] > 0 && rfm.monetary[i] > 0) {
      total += rfm.monetary[i];
      count++;
    }
  }
  const population = count > 0 ? total / count : 0;
  const usable = gg !== null && gg.params.q > 1;
  const spend = new Float64Array(rfm.frequency.length);
  for (let i = 0; i < spend.length; i++) {
    const x = rfm.frequency[i];
    spend[i] = usable
      ? gammaGammaExpectedSpend(gg.params, x, Math.max(rfm.monetary[i], 0))
      : x > 0
        ? rfm.monetary[i]
        : population;
  }
  return spend;
}

function attempt<T>(fit: () => T, label: string, problems: string[]): T | null {
  try {
    return fit();
  } catch (error) {
    if (!(error instanceof BtydError)) throw error;
    problems.push(`${label} not fitted: ${error.message}`);
    return null;
  }
}
