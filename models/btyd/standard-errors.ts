// What a maximum-likelihood fit says about its own precision: standard errors from the observed
// information (the Hessian of the log-likelihood, by central differences of its analytical gradient in
// log parameters, then the delta method back to the natural scale), and AIC and BIC. Cheap for the
// small models here; null where the Hessian is not negative definite (a flat or boundary maximum).
import type { FitReport } from './fit-report.ts';
import type { Likelihood } from './fit.ts';

export interface FitPrecision<P> {
  /** Standard error of each parameter; null when the information matrix cannot be inverted. */
  standardErrors: P | null;
  aic: number;
  bic: number;
}

/** The asymptotic normal of the log parameters: what parameter draws sample from. */
export interface LogNormalPosterior {
  names: readonly string[];
  /** log of the fitted parameters, in `names` order. */
  mean: number[];
  /** Inverse observed information in log parameters. */
  covariance: number[][];
}

export function fitPrecision<P extends Record<string, number>>(
  report: FitReport<P>,
  likelihood: Likelihood,
): FitPrecision<P> {
  const k = likelihood.names.length;
  const aic = 2 * k - 2 * report.logLik;
  const bic = k * Math.log(report.customers) - 2 * report.logLik;
  const posterior = logCovariance(report, likelihood);
  if (!posterior) return { standardErrors: null, aic, bic };
  const { mean, covariance } = posterior;
  const standardErrors = Object.fromEntries(
    likelihood.names.map((name, i) => [name, Math.exp(mean[i]) * Math.sqrt(covariance[i][i])]),
  ) as P;
  return { standardErrors, aic, bic };
}

/** The covariance of the log parameters at the fit; null when it is not positive definite. */
export function logCovariance(
  report: FitReport<Record<string, number>>,
  likelihood: Likelihood,
): LogNormalPosterior | null {
  const mean = likelihood.names.map((name) => Math.log(report.params[name]));
  const covariance = likelihood.gradient ? invert(negativeHessian(likelihood, mean)) : null;
  if (!covariance || !choleskyLower(covariance)) return null;
  return { names: likelihood.names, mean, covariance };
}

/** -d²LL/dθ² in log parameters θ, symmetrised. */
function negativeHessian(likelihood: Likelihood, theta: readonly number[]): number[][] {
  const logGradient = (at: readonly number[]) => {
    const p = at.map(Math.exp);
    return likelihood.gradient!(p).map((g, i) => g * p[i]);
  };
  const columns = theta.map((v, j) => {
    const h = 1e-5 * Math.max(1, Math.abs(v));
    const up = theta.map((u, i) => (i === j ? u + h : u));
    const down = theta.map((u, i) => (i === j ? u - h : u));
    const gUp = logGradient(up);
    const gDown = logGradient(down);
    return gUp.map((g, i) => -(g - gDown[i]) / (2 * h));
  });
  return columns.map((_, i) => columns.map((__, j) => (columns[i][j] + columns[j][i]) / 2));
}

/** Lower Cholesky factor L (L Lᵀ = matrix); null unless the matrix is symmetric positive definite. */
export function choleskyLower(matrix: readonly (readonly number[])[]): number[][] | null {
  const n = matrix.length;
  const L = matrix.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = matrix[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return null;
        L[i][i] = Math.sqrt(s);
      } else L[i][j] = s / L[j][j];
    }
  }
  return L;
}

/** Gauss-Jordan inverse with partial pivoting; null when singular. */
function invert(matrix: number[][]): number[][] | null {
  const n = matrix.length;
  const a = matrix.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (!(Math.abs(a[pivot][col]) > 0)) return null;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const scale = a[col][col];
    a[col] = a[col].map((v) => v / scale);
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = a[r][col];
      a[r] = a[r].map((v, j) => v - factor * a[col][j]);
    }
  }
  return a.map((row) => row.slice(n));
}
