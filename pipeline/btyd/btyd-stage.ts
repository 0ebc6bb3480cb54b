// The btyd stage: the RFM summary at a calibration end, every transaction model (BG/NBD, Pareto/NBD,
// MBG/NBD) and the Gamma-Gamma spend model fitted on it, and, with a holdout end, each model's
// forecast compared with what happened. A model that cannot be fitted is reported (converged: false,
// with the reason), never left out silently.
import {
  BtydError,
  compressRfm,
  fitGammaGamma,
  TRANSACTION_MODELS,
  type FitReport,
  type Likelihood,
  type Patterns,
  type TransactionModelName,
} from '../../models/btyd/index.ts';
import { boundaryLikelihoodRatio, type LikelihoodRatioTest } from '../../models/btyd/likelihood-ratio.ts';
import { fitNbd } from '../../models/btyd/nbd.ts';
import { TRANSACTION_LIKELIHOODS } from '../../models/btyd/transaction-likelihoods.ts';
import {
  fitPrecision,
  gammaGammaLikelihood,
  type BgNbdParams,
  type GammaGammaReport,
} from '../../models/btyd/index.ts';
import type { Database } from '../db/database.ts';
import { daysBetween, parseDate } from '../dates.ts';
import { UserError } from '../errors.ts';
import { historyRange, requireLabelWindow } from '../history.ts';
import { stopwatch } from '../timer.ts';
import { btydCoverage, type BtydCoverage } from './btyd-coverage.ts';
import { compareHoldout, type FittedModel, type HoldoutComparison } from './holdout.ts';
import { readRepeatDays, readRfm, type RfmSummary, type TimeUnit } from './rfm.ts';

export interface BtydOptions {
  calibrationEnd: string;
  holdoutEnd?: string;
  unit: TimeUnit;
  /** L2 penalty on the parameters (default 0: plain maximum likelihood, as published). */
  penalty?: number;
  models?: readonly TransactionModelName[];
  /** Central probability of the holdout coverage check's intervals (default 0.8). */
  level?: number;
}

/** A fit with its precision: standard errors (null: information matrix not invertible), AIC, BIC. */
export type ModelSummary =
  | (Omit<FitReport<Record<string, number>>, 'model'> & {
      excluded?: number;
      standardErrors: Record<string, number> | null;
      aic: number;
      bic: number;
    })
  | { converged: false; error: string; reason: string; seconds: number };

export interface BtydResult {
  calibrationEnd: string;
  holdoutEnd: string | null;
  unit: TimeUnit;
  customers: number;
  repeatCustomers: number;
  models: Record<string, ModelSummary>;
  /**
   * Model comparisons: LR tests where one model is nested in another (the NBD, no dropout, at the
   * boundary of BG/NBD and of Pareto/NBD); BG/NBD vs MBG/NBD are not nested: AIC/BIC only.
   */
  comparisons: { tests: LikelihoodRatioTest[]; notNested: string[] };
  holdout: HoldoutComparison | null;
  /** With a holdout: coverage of the BG/NBD x Gamma-Gamma predictive intervals (btyd-coverage.ts). */
  coverage: BtydCoverage | null;
  seconds: number;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

export async function btydStage(db: Database, options: BtydOptions): Promise<BtydResult> {
  const elapsed = stopwatch();
  const { calibrationEnd, holdoutEnd } = await checkedDates(db, options);
  const rfm = await readRfm(db, { calibrationEnd, holdoutEnd, unit: options.unit });
  const n = rfm.customerIds.length;
  if (n === 0) throw new UserError(`no purchases on or before ${calibrationEnd}: nothing to fit`);
  const data = { frequency: rfm.frequency, recency: rfm.recency, T: rfm.T };
  const wanted = options.models ?? TRANSACTION_MODELS.map((m) => m.name);
  const models: Record<string, ModelSummary> = {};
  const fitted: FittedModel[] = [];
  // Compressed to patterns once for every model; invalid data then fails each model's fit, as before.
  let patterns: Patterns | undefined;
  for (const model of TRANSACTION_MODELS.filter((m) => wanted.includes(m.name))) {
    const summary = attempt(
      () => model.fit(data, { penalty: options.penalty }, (patterns ??= compressRfm(data))),
      () => TRANSACTION_LIKELIHOODS[model.name](data, patterns),
    );
    models[model.name] = summary;
    if ('params' in summary) fitted.push({ model, params: summary.params });
  }
  const spendData = { frequency: rfm.frequency, monetary: rfm.monetary };
  models.gammagamma = attempt(
    () => fitGammaGamma(spendData, { penalty: options.penalty }),
    () => gammaGammaLikelihood(spendData),
  );
  if (fitted.length === 0 && !('params' in models.gammagamma)) {
    const reasons = Object.entries(models).map(([name, m]) => `${name}: ${'error' in m ? m.error : 'failed'}`);
    throw new UserError(`no model could be fitted on ${n} customers (${reasons.join('; ')})`);
  }
  let holdout: HoldoutComparison | null = null;
  if (holdoutEnd !== undefined && fitted.length > 0) {
    holdout = compareHoldout(rfm, fitted, await readRepeatDays(db, calibrationEnd, holdoutEnd), patterns);
  }
  const comparisons = compareModels(models, () =>
    attempt(
      () => fitNbd(data, { penalty: options.penalty }, (patterns ??= compressRfm(data))),
      () => TRANSACTION_LIKELIHOODS.nbd(data, patterns),
    ),
  );
  const coverage = holdoutEnd !== undefined ? holdoutCoverage(rfm, models, options.level) : null;
  let repeatCustomers = 0;
  for (const x of rfm.frequency) if (x > 0) repeatCustomers++;
  return {
    calibrationEnd,
    holdoutEnd: holdoutEnd ?? null,
    unit: options.unit,
    customers: n,
    repeatCustomers,
    models,
    comparisons,
    holdout,
    coverage,
    seconds: round(elapsed(), 3),
  };
}

/** The calibration and holdout ends, checked: the holdout after the calibration and within the history. */
async function checkedDates(
  db: Database,
  options: BtydOptions,
): Promise<{ calibrationEnd: string; holdoutEnd: string | undefined }> {
  const calibrationEnd = parseDate(options.calibrationEnd, '--calibration-end');
  const holdoutEnd = options.holdoutEnd === undefined ? undefined : parseDate(options.holdoutEnd, '--holdout-end');
  if (holdoutEnd !== undefined && holdoutEnd <= calibrationEnd) {
    throw new UserError(`--holdout-end ${holdoutEnd} must be after --calibration-end ${calibrationEnd}`);
  }
  if (holdoutEnd !== undefined) {
    // A holdout past the last event would count the unknown days as days without purchases.
    requireLabelWindow(await historyRange(db), {
      subject: `holdout purchases to ${holdoutEnd}`,
      span: `a ${daysBetween(calibrationEnd, holdoutEnd)}-day holdout after ${calibrationEnd}`,
      lastDay: holdoutEnd,
      option: '--holdout-end',
      value: holdoutEnd,
    });
  }
  return { calibrationEnd, holdoutEnd };
}

/** The holdout coverage of BG/NBD's predictive intervals (null without a BG/NBD fit). */
function holdoutCoverage(rfm: RfmSummary, models: Record<string, ModelSummary>, level: number | undefined) {
  const bgnbd = models.bgnbd;
  if (!bgnbd || !('params' in bgnbd)) return null;
  return btydCoverage(
    rfm,
    {
      bgnbd: { model: 'bgnbd', ...bgnbd } as unknown as FitReport<BgNbdParams>,
      gammagamma: 'params' in models.gammagamma ? (models.gammagamma as unknown as GammaGammaReport) : null,
    },
    { level },
  );
}

function attempt(fit: () => FitReport<Record<string, number>>, likelihood: () => Likelihood): ModelSummary {
  const elapsed = stopwatch();
  try {
    const fitted = fit();
    const { model: _name, ...report } = fitted;
    // Penalised fits are not maximum likelihood: their "standard errors" would be of another objective.
    const precision = fitPrecision(fitted, likelihood());
    return { ...report, ...precision, standardErrors: fitted.penalty > 0 ? null : precision.standardErrors };
  } catch (error) {
    if (!(error instanceof BtydError)) throw error;
    return { converged: false, error: error.message, reason: error.reason, seconds: elapsed() };
  }
}

/** NBD-in-X boundary LR tests for the fitted models that contain the NBD; the NBD summary is added to `models`. */
function compareModels(models: Record<string, ModelSummary>, fitNull: () => ModelSummary): BtydResult['comparisons'] {
  const notNested = ['bgnbd vs mbgnbd: same four parameters, neither contains the other: compare by AIC/BIC'];
  const containing = ['bgnbd', 'paretonbd'].filter((name) => models[name] && 'params' in models[name]);
  if (containing.length === 0) return { tests: [], notNested };
  const nbd = fitNull();
  models.nbd = nbd;
  if (!('params' in nbd) || !nbd.converged) return { tests: [], notNested };
  const tests = containing
    .filter((name) => (models[name] as { converged: boolean }).converged)
    .map((name) =>
      boundaryLikelihoodRatio(
        { name: 'nbd', logLik: nbd.logLik },
        { name, logLik: (models[name] as { logLik: number }).logLik },
      ),
    );
  return { tests, notNested };
}
