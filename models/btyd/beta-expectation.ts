// E[f(p)] for p ~ Beta(a, b) by tanh-sinh (double-exponential) quadrature, which copes with the
// density's endpoint singularities when a or b < 1. The fallback for BG/NBD expectations where the
// closed form divides by a - 1 ~ 0 or its hypergeometric function has c <= 0, and for the Pareto/NBD
// A0 series near z = 1.
import { lbeta } from './special.ts';

const STEP = 1 / 24;
const LIMIT = 9;

interface Nodes {
  logP: Float64Array;
  logQ: Float64Array;
  p: Float64Array;
  q: Float64Array;
  logJacobian: Float64Array;
}

let nodes: Nodes | undefined;

/** The quadrature's nodes and Jacobians do not depend on the integrand or on (a, b): computed once, on first use. */
function quadratureNodes(): Nodes {
  if (nodes) return nodes;
  const logP: number[] = [];
  const logQ: number[] = [];
  const logJacobian: number[] = [];
  for (let k = -LIMIT / STEP; k <= LIMIT / STEP; k++) {
    const t = k * STEP;
    const u = Math.PI * Math.sinh(t);
    // p = 1 / (1 + e^-u), q = 1 - p = 1 / (1 + e^u), computed without subtracting.
    logP.push(-log1pExp(-u));
    logQ.push(-log1pExp(u));
    logJacobian.push(logP.at(-1)! + logQ.at(-1)! + Math.log(Math.PI * Math.cosh(t)));
  }
  // p or q may underflow to 0 far out in the tails; logF must accept its limit there.
  const p = Float64Array.from(logP, Math.exp);
  const q = Float64Array.from(logQ, Math.exp);
  return (nodes = {
    logP: Float64Array.from(logP),
    logQ: Float64Array.from(logQ),
    p,
    q,
    logJacobian: Float64Array.from(logJacobian),
  });
}

/** `logF(p, oneMinusP)` returns log f(p); both p and 1 - p are passed, each accurate near its own end. */
export function betaExpectation(logF: (p: number, q: number) => number, a: number, b: number): number {
  return betaExpectations([logF], a, b)[0];
}

/** E[f(p)] for several integrands on the same nodes (each the number betaExpectation gives). */
export function betaExpectations(logFs: readonly ((p: number, q: number) => number)[], a: number, b: number): number[] {
  const { logP, logQ, p, q, logJacobian } = quadratureNodes();
  const logNorm = lbeta(a, b);
  return logFs.map((logF) => {
    let maxLog = -Infinity;
    const logs: number[] = [];
    for (let j = 0; j < logP.length; j++) {
      const term = logF(p[j], q[j]) + (a - 1) * logP[j] + (b - 1) * logQ[j] + logJacobian[j] - logNorm;
      if (Number.isFinite(term)) {
        logs.push(term);
        if (term > maxLog) maxLog = term;
      }
    }
    let sum = 0;
    for (const v of logs) sum += Math.exp(v - maxLog);
    return Math.exp(maxLog) * sum * STEP;
  });
}

function log1pExp(v: number): number {
  return v > 35 ? v : Math.log1p(Math.exp(v));
}
