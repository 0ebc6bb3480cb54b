// The NBD model (Ehrenberg 1959; Morrison and Schmittlein 1988): purchases Poisson(λ) forever,
// λ ~ Gamma(r, α), nobody drops out. It is what BG/NBD becomes as a → 0 (E[p] → 0) and Pareto/NBD
// as s/β → 0, so it is the null model of the "does anybody drop out?" likelihood-ratio test.
// Likelihood of (x, t_x, T): Γ(r + x)/Γ(r) α^r / (α + T)^(r + x) (t_x carries no information).
import { compressRfm, type Patterns, type RfmData } from './data.ts';
import { fitRepeatModel, onePassLikelihood, type FitOptions, type FitReport, type Likelihood } from './fit.ts';
import { digamma, lgamma } from './special.ts';

export type NbdParams = { r: number; alpha: number };

export function nbdLikelihood(data: RfmData, patterns: Patterns = compressRfm(data)): Likelihood {
  const { x: xs, T: Ts, w: ws } = patterns;
  const evaluate = ([r, alpha]: readonly number[], withGradient: boolean) => {
    let ll = 0;
    let gr = 0;
    let gAlpha = 0;
    const logAlpha = Math.log(alpha);
    const lgr = lgamma(r);
    const dgr = withGradient ? digamma(r) : 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      const w = ws[i];
      const logAT = Math.log(alpha + Ts[i]);
      ll += w * (lgamma(r + x) - lgr + r * logAlpha - (r + x) * logAT);
      if (!withGradient) continue;
      gr += w * (digamma(r + x) - dgr + logAlpha - logAT);
      gAlpha += w * (r / alpha - (r + x) / (alpha + Ts[i]));
    }
    return { logLik: ll, gradient: [gr, gAlpha] };
  };
  return onePassLikelihood(['r', 'alpha'], patterns.customers, evaluate);
}

export function fitNbd(data: RfmData, options: FitOptions<NbdParams> = {}, patterns?: Patterns): FitReport<NbdParams> {
  return fitRepeatModel<NbdParams>('nbd', 'NBD', data, nbdLikelihood(data, patterns), (meanT) => [1, meanT], options);
}
