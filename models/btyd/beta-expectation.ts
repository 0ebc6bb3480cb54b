// E[f(p)] for p ~ Beta(a, b) by tanh-sinh (double-exponential) quadrature, which copes with the
// density's endpoint singularities when a or b < 1. The fallback for BG/NBD expectations where the
// closed form divides by a - 1 ~ 0 or its hypergeometric function has c <= 0.
import { lbeta } from './special.ts';

/** `logF(p, oneMinusP)` returns log f(p); both p and 1 - p are passed, each accurate near its own end. */
export function betaExpectation(logF: (p: number, q: number) => number, a: number, b: number): number {
  const h = 1 / 24;
  const limit = 9;
  const logNorm = lbeta(a, b);
  let maxLog = -Infinity;
  const logs: number[] = [];
  for (let k = -limit / h; k <= limit / h; k++) {
    const t = k * h;
    const u = Math.PI * Math.sinh(t);
    // p = 1 / (1 + e^-u), q = 1 - p = 1 / (1 + e^u), computed without subtracting.
    const logP = -log1pExp(-u);
    const logQ = -log1pExp(u);
    // p or q may underflow to 0 far out in the tails; logF must accept its limit there.
    const p = Math.exp(logP);
    const q = Math.exp(logQ);
    const logJacobian = logP + logQ + Math.log(Math.PI * Math.cosh(t));
    const term = logF(p, q) + (a - 1) * logP + (b - 1) * logQ + logJacobian - logNorm;
    if (Number.isFinite(term)) {
      logs.push(term);
      if (term > maxLog) maxLog = term;
    }
  }
  let sum = 0;
  for (const v of logs) sum += Math.exp(v - maxLog);
  return Math.exp(maxLog) * sum * h;
}

function log1pExp(v: number): number {
  return v > 35 ? v : Math.log1p(Math.exp(v));
}
