// The regularised incomplete gamma functions P(a, x) and Q(a, x) = 1 - P(a, x), and the chi-square tail
// Q(k/2, x/2) that gives a log-rank test its p-value. Press, Teukolsky, Vetterling and Flannery,
// Numerical Recipes (3rd ed., 2007), section 6.2: the series for P when x < a + 1, the continued fraction
// for Q (modified Lentz) otherwise, each where it converges fast; the other follows by 1 - value, which
// never cancels there. Q is computed directly in its tail, so tiny p-values keep their relative precision.
import { lgamma } from '../btyd/special.ts';
import { SurvivalError } from './errors.ts';

// Both expansions stop when a step changes the result by less than a few units in the last place.
const EPS = 1e-15;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

/** log(x^a e^-x / Γ(a)): the prefactor both expansions share. */
function logPrefactor(a: number, x: number): number {
  return a * Math.log(x) - x - lgamma(a);
}

/** P(a, x) = Σ_n x^n / (a (a+1) ... (a+n)) · x^a e^-x / Γ(a); converges fast for x < a + 1. */
function seriesP(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) return sum * Math.exp(logPrefactor(a, x));
  }
  throw new SurvivalError('no-convergence', `incomplete gamma series for a = ${a}, x = ${x}`);
}

/** Q(a, x) by the continued fraction 1/(x+1-a- 1·(1-a)/(x+3-a- 2·(2-a)/(x+5-a- ...))); for x >= a + 1. */
function fractionQ(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) return h * Math.exp(logPrefactor(a, x));
  }
  throw new SurvivalError('no-convergence', `incomplete gamma continued fraction for a = ${a}, x = ${x}`);
}

function check(a: number, x: number): void {
  if (!(a > 0 && Number.isFinite(a)) || !(x >= 0)) {
    throw new SurvivalError('invalid-argument', `incomplete gamma (${a}, ${x}): expected a > 0 and x >= 0`);
  }
}

/** Regularised lower incomplete gamma P(a, x) = γ(a, x) / Γ(a). */
export function gammaP(a: number, x: number): number {
  check(a, x);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? seriesP(a, x) : 1 - fractionQ(a, x);
}

/** Regularised upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a). */
export function gammaQ(a: number, x: number): number {
  check(a, x);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - seriesP(a, x) : fractionQ(a, x);
}

/** P(X > x) for X chi-square with df degrees of freedom. */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0)) throw new SurvivalError('invalid-argument', `chi-square with ${df} degrees of freedom`);
  return x <= 0 ? 1 : gammaQ(df / 2, x / 2);
}
