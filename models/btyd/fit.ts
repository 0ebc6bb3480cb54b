// Maximum likelihood for any of the BTYD models: minimise the mean negative log-likelihood (plus an
// optional L2 penalty on the parameters, lifetimes' `penalizer_coef`) over log parameters with BFGS,
// falling back to Nelder-Mead and a second BFGS when BFGS does not converge. The report says what
// happened; a fit that never found a finite likelihood throws a BtydError carrying that report.
import type { RfmData } from './data.ts';
import { BtydError } from './errors.ts';
import type { FitReport } from './fit-report.ts';
import { bfgs, nelderMead, type Objective, type OptimizeResult } from './optimize.ts';

export type { FitReport };

export interface FitOptions<P> {
  /** L2 penalty coefficient on the parameters (default 0). */
  penalty?: number;
  /** Starting values (default: the model's own). */
  initial?: Partial<P>;
  maxIterations?: number;
  /** On the per-customer mean log-likelihood, in log-parameter units (default 1e-8). */
  gradientTolerance?: number;
}

export interface Likelihood {
  names: readonly string[];
  customers: number;
  /** Total log-likelihood at the (natural-scale) parameters. */
  logLik(params: readonly number[]): number;
  /** Its gradient with respect to the natural-scale parameters; omitted: central differences. */
  gradient?(params: readonly number[]): number[];
  /**
   * Both in one pass over the data, where that costs little more than the value alone: BFGS asks
   * for the gradient at nearly every point whose value it asks for.
   */
  logLikAndGradient?(params: readonly number[]): { logLik: number; gradient: number[] };
}

/** A Likelihood from one function that computes the value and, when asked, the gradient in the same pass. */
export function onePassLikelihood(
  names: readonly string[],
  customers: number,
  evaluate: (params: readonly number[], withGradient: boolean) => { logLik: number; gradient: number[] },
): Likelihood {
  return {
    names,
    customers,
    logLik: (params) => evaluate(params, false).logLik,
    gradient: (params) => evaluate(params, true).gradient,
    logLikAndGradient: (params) => evaluate(params, true),
  };
}

export function maximiseLikelihood<P extends Record<string, number>>(
  model: string,
  likelihood: Likelihood,
  start: readonly number[],
  options: FitOptions<P> = {},
): FitReport<P> {
  const began = performance.now();
  const penalty = options.penalty ?? 0;
  const n = likelihood.customers;
  const names = likelihood.names;
  const initial = names.map((name, i) => options.initial?.[name as keyof P] ?? start[i]);
  if (!initial.every((v) => v > 0 && Number.isFinite(v)))
    throw new BtydError('invalid-argument', `${model}: initial parameters must be positive`);
  // The gradient computed with the last value, kept for the gradient call that follows at that point.
  let cached: { theta: number[]; gradient: number[] } | null = null;
  const value = (theta: readonly number[]) => {
    const p = theta.map(Math.exp);
    let ll: number;
    if (likelihood.logLikAndGradient) {
      const both = likelihood.logLikAndGradient(p);
      cached = { theta: [...theta], gradient: both.gradient };
      ll = both.logLik;
    } else ll = likelihood.logLik(p);
    return -ll / n + penalty * p.reduce((s, v) => s + v * v, 0);
  };
  const naturalGradient = (theta: readonly number[], p: readonly number[]): number[] | null => {
    if (cached && cached.theta.every((v, i) => v === theta[i])) return cached.gradient;
    if (likelihood.logLikAndGradient) return likelihood.logLikAndGradient(p).gradient;
    return likelihood.gradient ? likelihood.gradient(p) : null;
  };
  const gradient = (theta: readonly number[]): number[] => {
    const p = theta.map(Math.exp);
    const g = naturalGradient(theta, p);
    if (!g) return centralDifference(value, theta);
    return p.map((v, i) => (-g[i] * v) / n + 2 * penalty * v * v);
  };
  const objective: Objective = { value, gradient };
  const tuning = { gradientTolerance: options.gradientTolerance ?? 1e-8, maxIterations: options.maxIterations };
  const attempts: OptimizeResult[] = [bfgs(objective, initial.map(Math.log), tuning)];
  // A diverging parameter is the data's answer, not a numerical accident: the simplex would only
  // follow it further. Other failures (a line search lost in rounding) get the fallback.
  if (!attempts[0].converged && !attempts[0].message.includes('diverging')) {
    const from = Number.isFinite(attempts[0].value) ? attempts[0].x : initial.map(Math.log);
    const simplex = nelderMead(objective, from, { maxIterations: 1500 });
    attempts.push(simplex);
    if (Number.isFinite(simplex.value)) attempts.push(bfgs(objective, simplex.x, tuning));
  }
  const best = attempts.reduce((a, b) => (finiteOr(b.value) < finiteOr(a.value) ? b : a));
  const last = attempts.at(-1)!;
  const chosen = last.converged && last.value <= best.value + 1e-12 ? last : best;
  const params = Object.fromEntries(names.map((name, i) => [name, Math.exp(chosen.x[i])])) as P;
  const report: FitReport<P> = {
    model,
    params,
    logLik: likelihood.logLik(chosen.x.map(Math.exp)),
    customers: n,
    converged: chosen.converged,
    iterations: attempts.reduce((s, a) => s + a.iterations, 0),
    evaluations: attempts.reduce((s, a) => s + a.evaluations, 0),
    gradientNorm: chosen.gradientNorm,
    method: attempts.map((a) => a.method).join(' -> '),
    message: chosen.message,
    penalty,
    seconds: (performance.now() - began) / 1000,
    warnings: [],
  };
  const extreme = names.filter((_, i) => Math.abs(chosen.x[i]) > BOUNDARY);
  if (extreme.length > 0 && report.converged) {
    report.converged = false;
    report.message = `at the boundary of the parameter space (${extreme.map((name) => `${name} = ${params[name].toPrecision(3)}`).join(', ')})`;
  }
  if (extreme.length > 0)
    report.warnings.push(
      `${report.message}: the data do not identify the model well; a penalty keeps the estimates finite`,
    );
  if (!Number.isFinite(report.logLik) || !names.every((name) => Number.isFinite(params[name]))) {
    throw new BtydError('non-finite', `${model}: no finite likelihood found (${chosen.message})`, {
      ...report,
      converged: false,
    });
  }
  return report;
}

/** |log θ| beyond this (θ > 1.6e5 or < 6e-6) is a likelihood still rising towards a limit, not a maximum. */
const BOUNDARY = 12;
const finiteOr = (v: number) => (Number.isFinite(v) ? v : Infinity);

/** Central differences in log-parameter space; steps scale with |θ| so both ends of the range work. */
function centralDifference(f: (theta: readonly number[]) => number, theta: readonly number[]): number[] {
  return theta.map((v, i) => {
    const h = 1e-5 * Math.max(1, Math.abs(v));
    const up = [...theta];
    const down = [...theta];
    up[i] = v + h;
    down[i] = v - h;
    return (f(up) - f(down)) / (2 * h);
  });
}

/**
 * The fit of a repeat-purchase model (BG/NBD, MBG/NBD, Pareto/NBD): refused when no customer bought
 * twice, else the likelihood maximised from `start(mean T)`. `label` names the model in the error.
 */
export function fitRepeatModel<P extends Record<string, number>>(
  model: string,
  label: string,
  data: RfmData,
  likelihood: Likelihood,
  start: (meanT: number) => readonly number[],
  options: FitOptions<P>,
): FitReport<P> {
  requireRepeaters(data, label);
  return maximiseLikelihood<P>(model, likelihood, start(meanT(data)), options);
}

function requireRepeaters(data: RfmData, model: string): void {
  for (let i = 0; i < data.frequency.length; i++)
    if (data.frequency[i] > 0 && (!data.weights || data.weights[i] > 0)) return;
  throw new BtydError('not-identified', `${model}: no customer made a repeat purchase, so the model cannot be fitted`);
}

function meanT(data: RfmData): number {
  let s = 0;
  let w = 0;
  for (let i = 0; i < data.T.length; i++) {
    const weight = data.weights ? data.weights[i] : 1;
    s += weight * data.T[i];
    w += weight;
  }
  return w > 0 && s > 0 ? s / w : 1;
}
