// The fitted model as plain JSON (bin edges, flat trees, base score, the validation curve) and the
// options of a fit with their defaults. Defaults follow scikit-learn's HistGradientBoosting where it has
// one (31 leaves, 20 rows a leaf, no L2, 255 bins).
import { GbdtError } from './errors.ts';
import type { GbdtLoss } from './losses.ts';

export interface GbdtOptions {
  loss: GbdtLoss;
  /** Shrinkage of every leaf value (default 0.1). */
  learningRate?: number;
  /** Most boosting rounds (default 300). */
  maxRounds?: number;
  /** With a validation set: stop after this many rounds without a better validation loss (default 20). */
  patience?: number;
  /** A validation loss counts as better when it is lower than the best by more than this (default 1e-7). */
  tolerance?: number;
  /** Leaves per tree; trees grow best-first (default 31). */
  maxLeafNodes?: number;
  /** Depth limit (default none). */
  maxDepth?: number;
  /** Fewest training rows in a leaf (default 20). */
  minSamplesLeaf?: number;
  /** Smallest hessian sum of a child (default 1e-3). */
  minHessian?: number;
  /** L2 penalty on leaf values (default 0). */
  l2?: number;
  /**
   * Largest raw step of a leaf before the learning rate (0: none). Default 0.7 for the log-link losses
   * (poisson, tweedie), as LightGBM's poisson_max_delta_step: a Newton step there is y/mu - 1, so a
   * leaf of big spenders on a low start can move the log by dozens and blow up the next rounds.
   */
  maxDeltaStep?: number;
  /** Bins for the non-missing values of a column, at most 255 (default 255); NaN has a bin of its own. */
  maxBins?: number;
  /** Rows used to place bin edges, every k-th training row (default 200,000). */
  binSampleRows?: number;
  /** Fit on at most this many rows, every k-th training row, to cap the cost (default all rows). */
  maxRows?: number;
  /** Called after each round (progress). */
  onRound?: (round: number, validLoss: number | null) => void;
}

/** Options with every default filled in; maxDepth 0 and maxRows 0 mean no limit. */
export type ResolvedOptions = Required<Omit<GbdtOptions, 'maxDepth' | 'maxRows' | 'onRound'>> & {
  maxDepth: number;
  maxRows: number;
};

/** One tree as parallel arrays indexed by node; node 0 is the root. A leaf has feature -1. */
export interface GbdtTree {
  feature: number[];
  /** Rows whose column value falls in bins 0..bin go left, i.e. value <= edges[feature][bin] (all non-missing values when bin = edges.length). */
  bin: number[];
  /** Where NaN goes. */
  missingLeft: boolean[];
  left: number[];
  right: number[];
  /** Raw-scale value of the node, learning rate applied (a leaf's is what it adds to the score). */
  value: number[];
  /** Split gain (sum of G^2 / (H + l2) of the children minus the parent's; 0 on leaves). */
  gain: number[];
  /** Training rows in the node. */
  count: number[];
}

export interface GbdtModel {
  kind: 'gbdt';
  loss: GbdtLoss;
  cols: number;
  /** Raw-scale start of every prediction: logit of the base rate, log of the mean, or the mean. */
  baseScore: number;
  /** Per input column, ascending bin edges from the training rows: bin b holds edges[b-1] < x <= edges[b]. */
  edges: number[][];
  /** The trees kept: the first bestRound of those fitted. */
  trees: GbdtTree[];
  /** Rounds fitted before stopping. */
  rounds: number;
  /** Rounds kept (the lowest validation loss; all rounds without a validation set). */
  bestRound: number;
  /** Mean validation loss after 0, 1, ... rounds (empty without a validation set). */
  validLoss: number[];
  /** Training rows the trees were fitted on (after maxRows). */
  trainRows: number;
  options: Omit<ResolvedOptions, 'loss'>;
}

export function resolveOptions(options: GbdtOptions): ResolvedOptions {
  const o = {
    loss: options.loss,
    learningRate: options.learningRate ?? 0.1,
    maxRounds: options.maxRounds ?? 300,
    patience: options.patience ?? 20,
    tolerance: options.tolerance ?? 1e-7,
    maxLeafNodes: options.maxLeafNodes ?? 31,
    maxDepth: options.maxDepth ?? 0,
    minSamplesLeaf: options.minSamplesLeaf ?? 20,
    minHessian: options.minHessian ?? 1e-3,
    l2: options.l2 ?? 0,
    maxDeltaStep: options.maxDeltaStep ?? (options.loss === 'poisson' || options.loss === 'tweedie' ? 0.7 : 0),
    maxBins: options.maxBins ?? 255,
    binSampleRows: options.binSampleRows ?? 200_000,
    maxRows: options.maxRows ?? 0,
  };
  positive('learningRate', o.learningRate);
  integer('maxRounds', o.maxRounds, 1);
  integer('patience', o.patience, 1);
  integer('maxLeafNodes', o.maxLeafNodes, 2);
  integer('maxDepth', o.maxDepth, 0);
  integer('minSamplesLeaf', o.minSamplesLeaf, 1);
  integer('maxBins', o.maxBins, 2, 255);
  integer('binSampleRows', o.binSampleRows, 2);
  integer('maxRows', o.maxRows, 0);
  if (!(o.l2 >= 0) || !(o.minHessian >= 0) || !(o.tolerance >= 0))
    throw new GbdtError(`invalid l2, minHessian or tolerance: must be >= 0`);
  return o;
}

function positive(name: string, v: number) {
  if (!(v > 0) || !Number.isFinite(v)) throw new GbdtError(`invalid ${name}: ${v} (expected a positive number)`);
}

function integer(name: string, v: number, min: number, max = Number.MAX_SAFE_INTEGER) {
  if (!Number.isInteger(v) || v < min || v > max)
    throw new GbdtError(
      `invalid ${name}: ${v} (expected a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''})`,
    );
}
