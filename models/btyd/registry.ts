// The transaction models behind one interface, so stages can fit and compare them in a loop.
import {
  bgNbdConditionalExpectedAll,
  bgNbdConditionalExpectedPurchases,
  bgNbdConditionalProbabilityOfPurchases,
  bgNbdExpectedPurchases,
  bgNbdPAlive,
  fitBgNbd,
  type BgNbdParams,
} from './bg-nbd.ts';
import type { Patterns, RfmData } from './data.ts';
import type { FitOptions, FitReport } from './fit.ts';
import {
  fitModifiedBgNbd,
  modifiedBgNbdConditionalExpectedAll,
  modifiedBgNbdConditionalExpectedPurchases,
  modifiedBgNbdExpectedPurchases,
  modifiedBgNbdPAlive,
} from './modified-bg-nbd.ts';
import {
  fitParetoNbd,
  paretoNbdConditionalExpectedAll,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdConditionalProbabilityOfPurchases,
  paretoNbdExpectedPurchases,
  paretoNbdPAlive,
  type ParetoNbdParams,
} from './pareto-nbd.ts';

export type TransactionModelName = 'bgnbd' | 'paretonbd' | 'mbgnbd';

export interface TransactionModel<P extends Record<string, number> = Record<string, number>> {
  name: TransactionModelName;
  label: string;
  /** `patterns`: compressRfm(data), when the caller has it already (several models fitted on one summary). */
  fit(data: RfmData, options?: FitOptions<P>, patterns?: Patterns): FitReport<P>;
  pAlive(params: P, x: number, tx: number, T: number): number;
  /** Expected purchases in (T, T + t] given the history. */
  conditionalExpected(params: P, t: number, x: number, tx: number, T: number): number;
  /** conditionalExpected for every row of `data` (patterns = compressRfm(data)), sharing the work between customers. */
  conditionalExpectedAll(params: P, t: number, data: RfmData, patterns: Patterns): Float64Array;
  /** Expected repeat purchases in (0, t] of a customer just acquired. */
  expected(params: P, t: number): number;
  /** P(no purchase in (T, T + t] | history), where the model has a conditional PMF. */
  probabilityNone?(params: P, t: number, x: number, tx: number, T: number): number;
}

const bgnbd: TransactionModel<BgNbdParams> = {
  name: 'bgnbd',
  label: 'BG/NBD',
  fit: fitBgNbd,
  pAlive: bgNbdPAlive,
  conditionalExpected: bgNbdConditionalExpectedPurchases,
  conditionalExpectedAll: bgNbdConditionalExpectedAll,
  expected: bgNbdExpectedPurchases,
  probabilityNone: (p, t, x, tx, T) => bgNbdConditionalProbabilityOfPurchases(p, t, 0, x, tx, T),
};

const paretonbd: TransactionModel<ParetoNbdParams> = {
  name: 'paretonbd',
  label: 'Pareto/NBD',
  fit: fitParetoNbd,
  pAlive: paretoNbdPAlive,
  conditionalExpected: paretoNbdConditionalExpectedPurchases,
  conditionalExpectedAll: paretoNbdConditionalExpectedAll,
  expected: paretoNbdExpectedPurchases,
  probabilityNone: (p, t, x, tx, T) => paretoNbdConditionalProbabilityOfPurchases(p, t, 0, x, tx, T),
};

const mbgnbd: TransactionModel<BgNbdParams> = {
  name: 'mbgnbd',
  label: 'MBG/NBD',
  fit: fitModifiedBgNbd,
  pAlive: modifiedBgNbdPAlive,
  conditionalExpected: modifiedBgNbdConditionalExpectedPurchases,
  conditionalExpectedAll: modifiedBgNbdConditionalExpectedAll,
  expected: modifiedBgNbdExpectedPurchases,
};

export const TRANSACTION_MODELS = [bgnbd, paretonbd, mbgnbd] as unknown as readonly TransactionModel[];
