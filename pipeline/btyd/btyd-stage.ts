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
  type Patterns,
  type TransactionModelName,
} from '../../models/btyd/index.ts';
import type { Database } from '../db/database.ts';
import { daysBetween, parseDate } from '../dates.ts';
import { UserError } from '../errors.ts';
import { historyRange, requireLabelWindow } from '../history.ts';
import { stopwatch } from '../timer.ts';
import { compareHoldout, type FittedModel, type HoldoutComparison } from './holdout.ts';
import { readRepeatDays, readRfm, type TimeUnit } from './rfm.ts';

export interface BtydOptions {
  calibrationEnd: string;
  holdoutEnd?: string;
  unit: TimeUnit;
  /** L2 penalty on the parameters (default 0: plain maximum likelihood, as published). */
  penalty?: number;
  models?: readonly TransactionModelName[];
}

export type ModelSummary =
  | (Omit<FitReport<Record<string, number>>, 'model'> & { excluded?: number })
  | { converged: false; error: string; reason: string; seconds: number };

export interface BtydResult {
  calibrationEnd: string;
  holdoutEnd: string | null;
  unit: TimeUnit;
  customers: number;
  repeatCustomers: number;
  models: Record<string, ModelSummary>;
  holdout: HoldoutComparison | null;
  seconds: number;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

export async function btydStage(db: Database, options: BtydOptions): Promise<BtydResult> {
  const elapsed = stopwatch();
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
    const summary = attempt(() => model.fit(data, { penalty: options.penalty }, (patterns ??= compressRfm(data))));
    models[model.name] = summary;
    if ('params' in summary) fitted.push({ model, params: summary.params });
  }
  models.gammagamma = attempt(() =>
    fitGammaGamma({ frequency: rfm.frequency, monetary: rfm.monetary }, { penalty: options.penalty }),
  );
  if (fitted.length === 0 && !('params' in models.gammagamma)) {
    const reasons = Object.entries(models).map(([name, m]) => `${name}: ${'error' in m ? m.error : 'failed'}`);
    throw new UserError(`no model could be fitted on ${n} customers (${reasons.join('; ')})`);
  }
  let holdout: HoldoutComparison | null = null;
  if (holdoutEnd !== undefined && fitted.length > 0) {
    holdout = compareHoldout(rfm, fitted, await readRepeatDays(db, calibrationEnd, holdoutEnd), patterns);
  }
  let repeatCustomers = 0;
  for (const x of rfm.frequency) if (x > 0) repeatCustomers++;
  return {
    calibrationEnd,
    holdoutEnd: holdoutEnd ?? null,
    unit: options.unit,
    customers: n,
    repeatCustomers,
    models,
    holdout,
    seconds: round(elapsed(), 3),
  };
}

function attempt(fit: () => FitReport<Record<string, number>>): ModelSummary {
  const elapsed = stopwatch();
  try {
    const { model: _name, ...report } = fit();
    return report;
  } catch (error) {
    if (!(error instanceof BtydError)) throw error;
    return { converged: false, error: error.message, reason: error.reason, seconds: elapsed() };
  }
}
