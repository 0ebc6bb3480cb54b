// The one error type of the survival models. `reason` is machine-readable; callers (the pipeline) turn it
// into a user-facing error naming the source of the bad value.
export type SurvivalErrorReason =
  | 'invalid-argument' // a duration, event flag, weight or option outside its domain
  | 'no-convergence'; // a series or continued fraction did not converge

export class SurvivalError extends Error {
  readonly reason: SurvivalErrorReason;
  constructor(reason: SurvivalErrorReason, message: string) {
    super(message);
    this.name = 'SurvivalError';
    this.reason = reason;
  }
}
