// Special functions the BTYD models need, for positive real arguments: log-gamma, digamma, log-beta,
// the regularised incomplete beta function, and stable log-space helpers. Pure and IO-free.
import { BtydError } from './errors.ts';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log Γ(x) for x > 0: Stirling's series after shifting x up to >= 10 (relative error ~1e-15). */
export function lgamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  let shift = 0;
  // Γ(x) = Γ(x + n) / (x (x+1) ... (x+n-1)); a running product stays far from overflow for x > 0.
  let product = 1;
  while (x < 10) {
    product *= x;
    x += 1;
    if (product > 1e280) {
      shift += Math.log(product);
      product = 1;
    }
  }
  shift += Math.log(product);
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series - shift;
}

/** ψ(x) = d/dx log Γ(x) for x > 0: the asymptotic series after the recurrence ψ(x) = ψ(x+1) - 1/x. */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  let acc = 0;
  while (x < 10) {
    acc -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  return (
    acc + Math.log(x) - 0.5 / x - inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))))
  );
}

export function lbeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/** log(exp(a) + exp(b)) without overflow; either may be -Infinity. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** log(exp(a) - exp(b)) for a >= b; -Infinity when they are equal. */
export function logSubExp(a: number, b: number): number {
  if (b === -Infinity) return a;
  if (b >= a) return -Infinity;
  return a + Math.log(-Math.expm1(b - a));
}

/** 1 / (1 + exp(-v)), stable at both ends. */
export function expit(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/** (1 - u^e) / e for u in (0, 1], with the limit -log(u) at e = 0 (no cancellation near e = 0). */
export function oneMinusPowOverExp(u: number, e: number): number {
  const lu = Math.log(u);
  if (Math.abs(e * lu) < 1e-12) return -lu * (1 - (e * lu) / 2);
  return -Math.expm1(e * lu) / e;
}

/**
 * Regularised incomplete beta I_x(a, b) by its continued fraction (modified Lentz), using the symmetry
 * I_x(a, b) = 1 - I_{1-x}(b, a) on the side where the fraction converges fast.
 */
export function betaInc(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0) || !(x >= 0 && x <= 1)) throw new BtydError('invalid-argument', `betaInc(${x}, ${a}, ${b})`);
  if (x === 0 || x === 1) return x;
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - lbeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  const logFrontSym = b * Math.log1p(-x) + a * Math.log(x) - lbeta(b, a);
  return 1 - (Math.exp(logFrontSym) * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) return h;
  }
  throw new BtydError('no-convergence', `betaInc continued fraction did not converge for x=${x}, a=${a}, b=${b}`);
}
