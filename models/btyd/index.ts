// The "buy till you die" models: BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma, fitted by maximum
// likelihood, with per-customer predictions; and the contractual retention models sBG and BdW.
// Re-exports only.
export * from './beta-discrete-weibull.ts';
export * from './bg-nbd.ts';
export * from './bg-nbd-customers.ts';
export * from './clv.ts';
export * from './data.ts';
export * from './errors.ts';
export * from './fit.ts';
export * from './gamma-gamma.ts';
export * from './hyp2f1.ts';
export * from './modified-bg-nbd.ts';
export * from './pareto-nbd.ts';
export * from './registry.ts';
export * from './retention-data.ts';
export * from './retention-registry.ts';
export * from './shifted-beta-geometric.ts';
export * from './standard-errors.ts';
export { betaInc, digamma, lbeta, lgamma } from './special.ts';
