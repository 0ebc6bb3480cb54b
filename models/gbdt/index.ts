// Histogram-based gradient-boosted trees (as LightGBM and scikit-learn's HistGradientBoosting):
// fitGbdt, predictGbdt, gbdtFeatureGains and the model's JSON shape. Re-exports only.
export { fitGbdt, type GbdtValidation } from './boost.ts';
export { GbdtError } from './errors.ts';
export { gbdtFeatureGains } from './importance.ts';
export type { GbdtLoss } from './losses.ts';
export type { GbdtModel, GbdtOptions, GbdtTree } from './model.ts';
export { predictGbdt, predictGbdtRaw } from './predict.ts';
