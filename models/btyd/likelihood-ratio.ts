// Likelihood-ratio tests between nested transaction models. The NBD (no dropout) sits inside BG/NBD
// and Pareto/NBD on the boundary of their parameter space (a = 0, resp. s/β = 0): one parameter at
// its boundary, so the statistic's null distribution is the 50:50 mixture of χ²(0) and χ²(1)
// (Self and Liang 1987), p = ½ P(χ²(1) > LR). The other parameter of the dropout distribution (b,
// resp. s) is not identified under the null, which makes the true null distribution somewhat
// heavier (Davies 1977): read the p-value as a lower bound. BG/NBD and MBG/NBD have the same four
// parameters and neither contains the other: no LR test, compare them by AIC/BIC.
import { chiSquareSurvival } from '../survival/gamma-inc.ts';

export interface LikelihoodRatioTest {
  /** The restricted (null) model. */
  null: string;
  /** The model that contains it. */
  alternative: string;
  statistic: number;
  /** Parameters at the boundary under the null (the χ² mixture's df). */
  df: number;
  pValue: number;
  distribution: string;
}

/** LR test of a null model lying on the boundary of the alternative (one parameter at its bound). */
export function boundaryLikelihoodRatio(
  nullModel: { name: string; logLik: number },
  alternative: { name: string; logLik: number },
): LikelihoodRatioTest {
  // A fit that ends a hair below its null (optimiser tolerance) is a statistic of 0, not a negative one.
  const statistic = Math.max(0, 2 * (alternative.logLik - nullModel.logLik));
  return {
    null: nullModel.name,
    alternative: alternative.name,
    statistic,
    df: 1,
    pValue: statistic === 0 ? 1 : 0.5 * chiSquareSurvival(statistic, 1),
    distribution: '0.5 chi2(0) + 0.5 chi2(1)',
  };
}
