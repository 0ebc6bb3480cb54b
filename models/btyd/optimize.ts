// Unconstrained minimisers for the small (3-4 parameter) maximum-likelihood problems of the BTYD
// models, run on log parameters: BFGS with a backtracking line search (a step that leaves the finite
// region or does not decrease enough is shortened), and Nelder-Mead as the derivative-free fallback.
// Both report honestly: converged or not, why, iterations, the final gradient norm.

export interface Objective {
  /** The value at x; may be non-finite where the model is undefined (the search backs away). */
  value(x: readonly number[]): number;
  /** The gradient at x (same length as x). */
  gradient(x: readonly number[]): number[];
}

export interface OptimizeOptions {
  /** Stop when the largest gradient component is below this (default 1e-7). */
  gradientTolerance?: number;
  maxIterations?: number;
  /** Largest step (in log-parameter units) one iteration may take (default 3). */
  maxStep?: number;
  /** A coordinate beyond ±bound is diverging: stop and report it (default 25, i.e. e^25). */
  bound?: number;
}

export interface OptimizeResult {
  x: number[];
  value: number;
  gradient: number[];
  gradientNorm: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  method: 'bfgs' | 'nelder-mead';
  message: string;
}

const norm = (g: readonly number[]) => Math.max(...g.map(Math.abs));
const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + v * b[i], 0);

export function bfgs(objective: Objective, x0: readonly number[], options: OptimizeOptions = {}): OptimizeResult {
  const gtol = options.gradientTolerance ?? 1e-7;
  const maxIterations = options.maxIterations ?? 500;
  const maxStep = options.maxStep ?? 3;
  const bound = options.bound ?? 25;
  const n = x0.length;
  let x = [...x0];
  let f = objective.value(x);
  let evaluations = 1;
  if (!Number.isFinite(f))
    return result(
      x,
      f,
      x.map(() => NaN),
      0,
      evaluations,
      false,
      'bfgs',
      'objective is not finite at the start',
    );
  let g = objective.gradient(x);
  // Inverse Hessian approximation, identity until the first update rescales it.
  let h = identity(n);
  let iterations = 0;
  let stalled = 0;
  for (; iterations < maxIterations; iterations++) {
    if (!g.every(Number.isFinite))
      return result(x, f, g, iterations, evaluations, false, 'bfgs', 'gradient is not finite');
    if (norm(g) < gtol) return result(x, f, g, iterations, evaluations, true, 'bfgs', 'gradient below tolerance');
    let direction = h.map((row) => -dot(row, g));
    if (dot(direction, g) >= 0) {
      // Not a descent direction (a poor curvature estimate): restart from steepest descent.
      h = identity(n);
      direction = g.map((v) => -v);
    }
    const length = Math.sqrt(dot(direction, direction));
    let step = length > maxStep ? maxStep / length : 1;
    const slope = dot(direction, g);
    let xNew: number[] = x;
    let fNew = Infinity;
    let accepted = false;
    // Near the optimum the sufficient-decrease test fails in rounding alone; with a gradient already
    // small, 20 halvings (a step of 1e-6) are enough to call it converged rather than trying 60.
    const nearOptimum = norm(g) < Math.sqrt(gtol);
    for (let tries = 0; tries < 60 && !(nearOptimum && tries >= 20); tries++) {
      xNew = x.map((v, i) => v + step * direction[i]);
      fNew = objective.value(xNew);
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= Number.isFinite(fNew) ? 0.5 : 0.1;
    }
    if (!accepted) {
      const ok = norm(g) < Math.sqrt(gtol);
      return result(
        x,
        f,
        g,
        iterations,
        evaluations,
        ok,
        'bfgs',
        ok ? 'no further decrease (at machine precision)' : 'line search failed',
      );
    }
    const gNew = objective.gradient(xNew);
    const s = xNew.map((v, i) => v - x[i]);
    const y = gNew.map((v, i) => v - g[i]);
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (iterations === 0) h = identity(n).map((row) => row.map((v) => (v * sy) / dot(y, y)));
      h = bfgsUpdate(h, s, y, sy);
    }
    stalled = Math.abs(f - fNew) <= 1e-15 * Math.max(1, Math.abs(f)) ? stalled + 1 : 0;
    x = xNew;
    f = fNew;
    g = gNew;
    const far = x.findIndex((v) => Math.abs(v) > bound);
    if (far >= 0)
      return result(
        x,
        f,
        g,
        iterations + 1,
        evaluations,
        false,
        'bfgs',
        `parameter ${far} is diverging (log value ${x[far].toFixed(1)})`,
      );
    if (stalled >= 3) {
      const ok = norm(g) < Math.sqrt(gtol);
      return result(
        x,
        f,
        g,
        iterations + 1,
        evaluations,
        ok,
        'bfgs',
        ok ? 'objective stopped changing' : 'stalled with a large gradient',
      );
    }
  }
  return result(x, f, g, iterations, evaluations, norm(g) < gtol, 'bfgs', 'iteration limit reached');
}

/** Nelder-Mead simplex; `gradient` is only used for the final report. */
export function nelderMead(objective: Objective, x0: readonly number[], options: OptimizeOptions = {}): OptimizeResult {
  const maxIterations = options.maxIterations ?? 5000;
  const n = x0.length;
  const value = (x: number[]) => {
    const v = objective.value(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let simplex = [x0.slice(), ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + 0.5 : v)))];
  let values = simplex.map(value);
  let evaluations = simplex.length;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    simplex = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    const spread = Math.abs(values[n] - values[0]);
    const size = Math.max(...simplex.slice(1).map((p) => norm(p.map((v, i) => v - simplex[0][i]))));
    if (spread <= 1e-13 * Math.max(1, Math.abs(values[0])) && size < 1e-7) break;
    const centroid = simplex[0].map((_, j) => simplex.slice(0, n).reduce((s, p) => s + p[j], 0) / n);
    const toward = (t: number) => centroid.map((c, j) => c + t * (simplex[n][j] - c));
    const reflected = toward(-1);
    const fr = value(reflected);
    evaluations++;
    if (fr < values[0]) {
      const expanded = toward(-2);
      const fe = value(expanded);
      evaluations++;
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = fr < values[n] ? toward(-0.5) : toward(0.5);
      const fc = value(contracted);
      evaluations++;
      if (fc < Math.min(fr, values[n])) {
        [simplex[n], values[n]] = [contracted, fc];
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i].map((v, j) => simplex[0][j] + 0.5 * (v - simplex[0][j]));
          values[i] = value(simplex[i]);
          evaluations++;
        }
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  const x = simplex[best];
  const g = objective.gradient(x);
  const converged = iterations < maxIterations && Number.isFinite(values[best]);
  return result(
    x,
    values[best],
    g,
    iterations,
    evaluations,
    converged,
    'nelder-mead',
    converged ? 'simplex collapsed' : 'iteration limit reached',
  );
}

function result(
  x: number[],
  value: number,
  gradient: number[],
  iterations: number,
  evaluations: number,
  converged: boolean,
  method: OptimizeResult['method'],
  message: string,
): OptimizeResult {
  return { x, value, gradient, gradientNorm: norm(gradient), iterations, evaluations, converged, method, message };
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/** H' = (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ with ρ = 1 / (yᵀ s). */
function bfgsUpdate(h: number[][], s: number[], y: number[], sy: number): number[][] {
  const rho = 1 / sy;
  const hy = h.map((row) => dot(row, y));
  const yhy = dot(y, hy);
  return h.map((row, i) =>
    row.map((v, j) => v - rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j]),
  );
}
