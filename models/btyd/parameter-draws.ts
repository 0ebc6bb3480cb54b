// Parameter uncertainty by simulation: draws of a fit's parameters from the asymptotic normal of its
// log parameters (mean = log MLE, covariance = inverse observed information, standard-errors.ts),
// from a seeded generator, plus the normal and gamma samplers the predictive intervals need.
import { mulberry32 } from '../random.ts';
import { choleskyLower, type LogNormalPosterior } from './standard-errors.ts';

export interface Sampler {
  uniform(): number;
  normal(): number;
  /** Gamma(shape, 1). */
  gamma(shape: number): number;
}

export function sampler(seed: number): Sampler {
  const uniform = mulberry32(seed);
  let spare: number | null = null;
  const normal = () => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    // Box-Muller; 1 - u keeps the log finite.
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
  const gamma = (shape: number): number => {
    // Marsaglia and Tsang (2000); shape < 1 through Gamma(shape + 1) · U^(1/shape).
    if (shape < 1) return gamma(shape + 1) * Math.pow(1 - uniform(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let z: number;
      let v: number;
      do {
        z = normal();
        v = 1 + c * z;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - uniform();
      if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  return { uniform, normal, gamma };
}

/** `count` parameter sets (natural scale) drawn from the log-normal approximation, seeded. */
export function drawParameters<P extends Record<string, number>>(
  posterior: LogNormalPosterior,
  count: number,
  seed: number,
): P[] {
  const L = choleskyLower(posterior.covariance);
  if (!L) throw new RangeError('parameter covariance is not positive definite');
  const random = sampler(seed);
  const k = posterior.mean.length;
  return Array.from({ length: count }, () => {
    const z = Array.from({ length: k }, () => random.normal());
    const theta = posterior.mean.map((m, i) => m + L[i].reduce((s, l, j) => s + l * z[j], 0));
    return Object.fromEntries(posterior.names.map((name, i) => [name, Math.exp(theta[i])])) as P;
  });
}
