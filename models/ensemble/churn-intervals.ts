// An interval on the shipped churn probability: the uncertainty of the ESTIMATE, not of the outcome
// (a customer churns or not; a probability of 0.3 with interval [0.25, 0.36] says the model's 0.3 may
// have been 0.25 or 0.36 with other validation customers). It comes from a bootstrap of the churn
// head: the calibration (or the stack) is refitted on resamples of the validation window it was fitted
// on, and each customer gets the spread of those heads' probabilities. It leaves out the spread of the
// candidates' own weights (the networks are merged into one, so their members' biases are not kept).
// Scoring cost: `draws` applications of the head to the members' predictions and one pass for the
// mean and spread of the logits (no sort).
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
 * Per customer: the `level` interval of the shipped churn probability, as the normal interval of the
 * bootstrap heads' logits (mean +- z sd) mapped back to probabilities.
 */
export function churnIntervals(
  bootstrap: ChurnBootstrap,
  predictions: Record<string, Column>,
  level = 0.8,
): { low: Float64Array; high: Float64Array } {
  checkLevel(level);
  const n = Object.values(predictions)[0]?.length ?? 0;
  const sum = new Float64Array(n);
  const square = new Float64Array(n);
  for (const head of bootstrap.heads) {
    const p = applyChurnHead(head, predictions);
    for (let i = 0; i < n; i++) {
      const z = logit(p[i]);
      sum[i] += z;
      square[i] += z * z;
    }
  }
  const k = bootstrap.heads.length;
  const z = normalQuantile(0.5 + level / 2);
  const low = new Float64Array(n);
  const high = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const mean = sum[i] / k;
    const sd = k > 1 ? Math.sqrt(Math.max(0, (square[i] - k * mean * mean) / (k - 1))) : 0;
    low[i] = sigmoid(mean - z * sd);
    high[i] = sigmoid(mean + z * sd);
  }
  return { low, high };
}

function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-7), 1 - 1e-7);
  return Math.log(q / (1 - q));
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
