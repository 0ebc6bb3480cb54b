// An interval on the shipped churn probability: the uncertainty of the ESTIMATE, not of the outcome
// (a customer churns or not; a probability of 0.3 with interval [0.25, 0.36] says the model's 0.3 may
// have been 0.25 or 0.36 with other validation customers). It comes from a bootstrap of the churn
// head: the calibration (or the stack) is refitted on resamples of the validation window it was fitted
// on, and each customer gets the spread of those heads' probabilities. It leaves out the spread of the
// candidates' own weights (the networks are merged into one, so their members' biases are not kept).
// Scoring cost: one pass over the customers (see churnIntervals), whatever the number of draws.
import { fitCalibration } from '../eval/calibration.ts';
import { checkLevel } from '../eval/intervals.ts';
import { mulberry32 } from '../random.ts';
import { normalQuantile } from '../survival/normal-quantile.ts';
import { applyChurnHead, type ChurnChoice } from './select.ts';
import { fitChurnStack } from './stack.ts';

export const CHURN_INTERVALS_FORMAT = 'churn-intervals/1';
const DEFAULT_DRAWS = 20;

export interface ChurnBootstrap {
  format: typeof CHURN_INTERVALS_FORMAT;
  method: 'bootstrap-head';
  /** The head refitted on each resample of the validation window. */
  heads: ChurnChoice['head'][];
}

type Column = ArrayLike<number>;

/** Refits `head` on `draws` resamples (with replacement) of its validation rows, seeded. */
export function fitChurnBootstrap(
  head: ChurnChoice['head'],
  predictions: Record<string, Column>,
  churned: Column,
  seed: number,
  draws = DEFAULT_DRAWS,
): ChurnBootstrap {
  const n = churned.length;
  const random = mulberry32(seed ^ 0x0b007);
  const heads: ChurnChoice['head'][] = [];
  for (let d = 0; d < draws; d++) {
    const rows = Uint32Array.from({ length: n }, () => Math.floor(random() * n));
    const pick = (c: Column) => Float64Array.from(rows, (i) => c[i]);
    const y = pick(churned);
    if (head.kind === 'single') {
      heads.push({
        kind: 'single',
        member: head.member,
        calibration: fitCalibration(head.calibration.method, y, pick(predictions[head.member])),
      });
    } else {
      const members = head.stack.members;
      heads.push({
        kind: 'stack',
        stack: fitChurnStack(
          members,
          members.map((m) => pick(predictions[m])),
          y,
        ),
      });
    }
  }
  return { format: CHURN_INTERVALS_FORMAT, method: 'bootstrap-head', heads };
}

/**
 * Per customer: the `level` interval of the shipped churn probability, the normal interval of the
 * bootstrap heads' logits (centre +- z sd) mapped back to probabilities. The centre is the logit of
 * `estimate` (the shipped probability, so the interval always holds it) or, without it, the heads'
 * mean. Linear in the customers: a single head is a function of one member's probability, so the
 * spread is computed once on a grid of that probability and interpolated; a stack is linear in the
 * members' logits, so its variance is z' S z with S the covariance of the bootstrap weights.
 */
export function churnIntervals(
  bootstrap: ChurnBootstrap,
  predictions: Record<string, Column>,
  level = 0.8,
  estimate?: Column,
): { low: Float64Array; high: Float64Array } {
  checkLevel(level);
  const z = normalQuantile(0.5 + level / 2);
  const [first] = bootstrap.heads;
  if (!first) throw new RangeError('churn bootstrap without draws');
  const { mean, sd } =
    first.kind === 'single'
      ? singleSpread(bootstrap.heads, predictions[first.member])
      : stackSpread(bootstrap.heads, predictions);
  const n = mean.length;
  const low = new Float64Array(n);
  const high = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const centre = estimate ? logit(estimate[i]) : mean[i];
    low[i] = sigmoid(centre - z * sd[i]);
    high[i] = sigmoid(centre + z * sd[i]);
  }
  return { low, high };
}

/** Points of the grid of member logits a single head's spread is computed on. */
const GRID = 2001;
const GRID_LOGIT = 16;

function singleSpread(heads: ChurnChoice['head'][], member: Column) {
  const grid = Float64Array.from({ length: GRID }, (_, k) => sigmoid(-GRID_LOGIT + (2 * GRID_LOGIT * k) / (GRID - 1)));
  const onGrid = logitSpread(heads.map((h) => applyChurnHead(h, { [(h as { member: string }).member]: grid })));
  const n = member.length;
  const mean = new Float64Array(n);
  const sd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = ((logit(member[i]) + GRID_LOGIT) / (2 * GRID_LOGIT)) * (GRID - 1);
    const k = Math.min(Math.max(Math.floor(x), 0), GRID - 2);
    const f = Math.min(Math.max(x - k, 0), 1);
    mean[i] = onGrid.mean[k] + f * (onGrid.mean[k + 1] - onGrid.mean[k]);
    sd[i] = onGrid.sd[k] + f * (onGrid.sd[k + 1] - onGrid.sd[k]);
  }
  return { mean, sd };
}

function stackSpread(heads: ChurnChoice['head'][], predictions: Record<string, Column>) {
  const stacks = heads.map((h) => (h as Extract<ChurnChoice['head'], { kind: 'stack' }>).stack);
  const members = stacks[0].members;
  const m = members.length + 1;
  const k = stacks.length;
  const centre = new Float64Array(m);
  for (const s of stacks) for (let j = 0; j < m; j++) centre[j] += s.weights[j] / k;
  const cov = new Float64Array(m * m);
  for (const s of stacks)
    for (let a = 0; a < m; a++)
      for (let b = 0; b < m; b++)
        cov[a * m + b] += ((s.weights[a] - centre[a]) * (s.weights[b] - centre[b])) / Math.max(k - 1, 1);
  const columns = members.map((name) => predictions[name]);
  const n = columns[0]?.length ?? 0;
  const mean = new Float64Array(n);
  const sd = new Float64Array(n);
  const x = new Float64Array(m);
  x[0] = 1;
  for (let i = 0; i < n; i++) {
    for (let j = 1; j < m; j++) x[j] = stackLogit(columns[j - 1][i]);
    let sum = 0;
    let variance = 0;
    for (let a = 0; a < m; a++) {
      sum += centre[a] * x[a];
      for (let b = 0; b < m; b++) variance += x[a] * cov[a * m + b] * x[b];
    }
    mean[i] = sum;
    sd[i] = Math.sqrt(Math.max(variance, 0));
  }
  return { mean, sd };
}

/** Per row of the heads' probabilities: the mean and standard deviation of their logits. */
function logitSpread(probabilities: Float64Array[]) {
  const k = probabilities.length;
  const n = probabilities[0].length;
  const mean = new Float64Array(n);
  const sd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    let square = 0;
    for (const p of probabilities) {
      const v = logit(p[i]);
      sum += v;
      square += v * v;
    }
    mean[i] = sum / k;
    sd[i] = k > 1 ? Math.sqrt(Math.max(0, (square - k * mean[i] * mean[i]) / (k - 1))) : 0;
  }
  return { mean, sd };
}

/** The stack's own transform of a member probability (models/ensemble/stack.ts). */
function stackLogit(p: number): number {
  const q = Math.min(Math.max(Number.isFinite(p) ? p : 0.5, 1e-6), 1 - 1e-6);
  return Math.log(q / (1 - q));
}

function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-7), 1 - 1e-7);
  return Math.log(q / (1 - q));
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
