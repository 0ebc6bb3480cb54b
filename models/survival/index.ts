// Survival analysis for subscriptions: Kaplan-Meier retention curves with Greenwood bands, the median
// and restricted mean lifetime, and the log-rank test between groups. Re-exports only.
export * from './errors.ts';
export * from './gamma-inc.ts';
export * from './kaplan-meier.ts';
export * from './life-table.ts';
export * from './log-rank.ts';
export * from './median.ts';
export * from './normal-quantile.ts';
export * from './restricted-mean.ts';
