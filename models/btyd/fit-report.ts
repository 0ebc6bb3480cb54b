// What a maximum-likelihood fit reports (fit.ts), in its own file so that the error a failed fit
// throws (errors.ts) can carry it without importing the fitting code.
export interface FitReport<P> {
  model: string;
  params: P;
  /** Total log-likelihood at the estimate, without the penalty. */
  logLik: number;
  customers: number;
  converged: boolean;
  /** BFGS (and Nelder-Mead) iterations, summed over the attempts. */
  iterations: number;
  evaluations: number;
  /** Largest gradient component of the objective (mean NLL + penalty) in log parameters. */
  gradientNorm: number;
  method: string;
  message: string;
  penalty: number;
  seconds: number;
  warnings: string[];
}
