// The A0 term of the Pareto/NBD likelihood (Fader and Hardie's note 009, eqs. 18-20) is F(t_x) - F(T)
// with F(t) = 2F1(a, b; a+1; z(t)) / (hi+t)^a, a = r+s+x, z(t) = (hi-lo)/(hi+t). Euler's transformation
// turns that 2F1 into a series whose terms are all positive and shrink from the first one, evaluated in
// logs: no overflow at x = 500, no cancellation. Also its partial derivatives, for the analytic gradient.
import { betaExpectation, betaExpectations } from './beta-expectation.ts';

/** ∂ log F / ∂(a, b, lo, hi), filled by logFGradient. */
export type LogFGradient = Float64Array;

/**
 * log[2F1(a, b; a+1; z) / (hi+t)^a] with z = (hi-lo)/(hi+t). By Euler, 2F1(a, b; a+1; z) =
 * (1-z)^(1-b) Σ_k (a+1-b)_k/(a+1)_k z^k, and 1 - z = (lo+t)/(hi+t).
 */
export function logF(a: number, b: number, lo: number, hi: number, t: number): number {
  const z = (hi - lo) / (hi + t);
  const logSum = z === 0 ? 0 : logPositiveSeries(a + 1 - b, a + 1, z, (lo + t) / (hi + t));
  return (1 - b) * Math.log(lo + t) - (1 - b + a) * Math.log(hi + t) + logSum;
}

/** logF (the same number) and its derivatives with respect to a, b, lo and hi, written to `out`. */
export function logFGradient(a: number, b: number, lo: number, hi: number, t: number, out: LogFGradient): number {
  const z = (hi - lo) / (hi + t);
  const p = a + 1 - b;
  const q = a + 1;
  const series = seriesScratch;
  let logSum = 0;
  if (z === 0) {
    // S = 1 + (p/q) z + ...: only dS/dz survives at z = 0.
    series[0] = 0;
    series[1] = 0;
    series[2] = p / q;
  } else logSum = logPositiveSeriesGradient(p, q, z, (lo + t) / (hi + t), series);
  const sp = series[0];
  const sq = series[1];
  const sz = series[2];
  const logLo = Math.log(lo + t);
  const logHi = Math.log(hi + t);
  out[0] = -logHi + sp + sq;
  out[1] = -logLo + logHi - sp;
  out[2] = (1 - b) / (lo + t) - sz / (hi + t);
  out[3] = -(1 - b + a) / (hi + t) + (sz * (lo + t)) / ((hi + t) * (hi + t));
  return (1 - b) * logLo - (1 - b + a) * logHi + logSum;
}

const seriesScratch = new Float64Array(3);

/** z at or above this: the series converges too slowly and the quadrature takes over. */
const SERIES_LIMIT = 0.99;

/**
 * log Σ_k (p)_k/(q)_k z^k = log 2F1(1, p; q; z) for 0 < p < q; `oneMinusZ` is 1 - z computed without
 * cancellation. The terms shrink geometrically from the start, fast unless z is near 1; there (α and
 * β orders of magnitude apart, as when a fit wanders off) the same value is E[(1 - z u)^-p] for
 * u ~ Beta(1, q - 1), integrated by tanh-sinh quadrature, which resolves the peak at u = 1.
 */
export function logPositiveSeries(p: number, q: number, z: number, oneMinusZ: number): number {
  if (z < SERIES_LIMIT) {
    let term = 1;
    let sum = 1;
    for (let k = 0; ; k++) {
      term *= ((p + k) / (q + k)) * z;
      sum += term;
      if (term <= 1e-16 * sum) return Math.log(sum);
      if (Number.isNaN(term)) return NaN;
    }
  }
  return Math.log(betaExpectation((_u, v) => -p * Math.log(oneMinusZ + z * v), 1, q - 1));
}

/**
 * logPositiveSeries (the same number), with ∂ log S / ∂p, ∂q, ∂z written to `out`. Term k of S is
 * c_k z^k with c_k = Π_{j<k} (p+j)/(q+j), so ∂c_k/∂p = c_k Σ_{j<k} 1/(p+j), ∂c_k/∂q = -c_k Σ_{j<k} 1/(q+j).
 */
function logPositiveSeriesGradient(p: number, q: number, z: number, oneMinusZ: number, out: Float64Array): number {
  if (z >= SERIES_LIMIT) return quadratureGradient(p, q, z, oneMinusZ, out);
  let term = 1;
  let sum = 1;
  let hp = 0;
  let hq = 0;
  let sp = 0;
  let sq = 0;
  let sz = 0;
  let done = false;
  for (let k = 0; ; k++) {
    hp += 1 / (p + k);
    hq += 1 / (q + k);
    term *= ((p + k) / (q + k)) * z;
    // The value stops where logPositiveSeries stops; the derivative series, whose terms carry the
    // extra factors k and log k, run on until they too have converged.
    if (!done) {
      sum += term;
      done = term <= 1e-16 * sum;
    }
    sp += term * hp;
    sq += term * hq;
    sz += (k + 1) * term;
    if (done && (k + 1) * term <= 1e-16 * sz && term * hp <= 1e-16 * sp && term * hq <= 1e-16 * sq) break;
    if (Number.isNaN(term)) return NaN;
  }
  out[0] = sp / sum;
  out[1] = -sq / sum;
  out[2] = sz / (z * sum);
  return Math.log(sum);
}

/**
 * The quadrature form S = E[(1 - z u)^-p], u ~ Beta(1, q - 1), differentiated under the integral:
 * ∂S/∂p = E[-log(1 - z u) (1 - z u)^-p], ∂S/∂z = E[p u (1 - z u)^(-p-1)], and through the density
 * (q - 1)(1 - u)^(q - 2), ∂S/∂q = S/(q - 1) - E[-log(1 - u) (1 - z u)^-p]. Every integrand is
 * positive, as betaExpectation needs.
 */
function quadratureGradient(p: number, q: number, z: number, oneMinusZ: number, out: Float64Array): number {
  const [s, dp, dz, tail] = betaExpectations(
    [
      (_u, v) => -p * Math.log(oneMinusZ + z * v),
      (_u, v) => Math.log(-Math.log(oneMinusZ + z * v)) - p * Math.log(oneMinusZ + z * v),
      (u, v) => Math.log(p * u) - (p + 1) * Math.log(oneMinusZ + z * v),
      (_u, v) => Math.log(-Math.log(v)) - p * Math.log(oneMinusZ + z * v),
    ],
    1,
    q - 1,
  );
  out[0] = dp / s;
  out[1] = 1 / (q - 1) - tail / s;
  out[2] = dz / s;
  return Math.log(s);
}
