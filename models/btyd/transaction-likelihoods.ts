// Each transaction model's likelihood by name, for what is computed after a fit (standard errors).
import { bgNbdLikelihood } from './bg-nbd.ts';
import type { Patterns, RfmData } from './data.ts';
import type { Likelihood } from './fit.ts';
import { modifiedBgNbdLikelihood } from './modified-bg-nbd.ts';
import { nbdLikelihood } from './nbd.ts';
import { paretoNbdLikelihood } from './pareto-nbd-likelihood.ts';

export const TRANSACTION_LIKELIHOODS: Record<string, (data: RfmData, patterns?: Patterns) => Likelihood> = {
  bgnbd: bgNbdLikelihood,
  paretonbd: paretoNbdLikelihood,
  mbgnbd: modifiedBgNbdLikelihood,
  nbd: nbdLikelihood,
};
