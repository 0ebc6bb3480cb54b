// The one error type of the BTYD models. `reason` is machine-readable; callers (the pipeline) turn it
// into a user-facing error. A failed fit carries the optimiser's report, so nothing fails silently.
import type { FitReport } from './fit-report.ts';

export type BtydErrorReason =
  | 'invalid-argument' // a parameter or data value outside the model's domain
  | 'no-data' // nothing to fit
  | 'not-identified' // the data cannot identify the model (e.g. nobody ever bought twice)
  | 'no-convergence' // a series, continued fraction or the optimiser did not converge
  | 'non-finite'; // the likelihood is not finite anywhere the optimiser looked

export class BtydError extends Error {
  readonly reason: BtydErrorReason;
  /** The fit as far as it got (converged: false), when the error comes from fitting. */
  readonly report?: FitReport<Record<string, number>>;
  constructor(reason: BtydErrorReason, message: string, report?: FitReport<Record<string, number>>) {
    super(message);
    this.name = 'BtydError';
    this.reason = reason;
    this.report = report;
  }
}
