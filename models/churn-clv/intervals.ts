// The network's own predictive distribution of value: the zero-inflated lognormal (ZILN) of its
// value head, P(Y = 0) = 1 - p and, given a purchase, log Y ~ Normal(loc, scale^2). Its quantiles
// give an interval per customer from the customer's own spread; the point mass at 0 is handled as
// in models/eval/intervals.ts (an interval from 0 when 1 - p exceeds the lower tail, [0, 0] when it
// reaches the level). Not calibrated by itself: `churn evaluate` reports its coverage beside the
// conformal intervals that ship.
import type * as tf from '@tensorflow/tfjs';
import type { ValueIntervals } from '../eval/intervals.ts';
import { checkLevel } from '../eval/intervals.ts';
import { normalQuantile } from '../survival/normal-quantile.ts';
import { MIN_SCALE, softplus } from './loss.ts';
import type { Matrix } from './matrix.ts';
import { forEachOutput } from './predict.ts';

/** Per row: P(buy), the lognormal location and scale. */
export interface ZilnParams {
  pBuy: Float64Array;
  loc: Float64Array;
  scale: Float64Array;
}

/** The u-quantile of the ZILN mixture (0 inside the point mass). */
export function zilnQuantile(pBuy: number, loc: number, scale: number, u: number): number {
  const p0 = 1 - pBuy;
  if (u <= p0) return 0;
  const v = (u - p0) / pBuy;
  if (v >= 1) return Infinity;
  return Math.exp(loc + scale * normalQuantile(v));
}

/** The network's ZILN parameters for the rows of `x` (the value-head outputs, uncalibrated). */
export function zilnParams(network: tf.LayersModel, x: Matrix, chunkSize = 16384): ZilnParams {
  const out: ZilnParams = {
    pBuy: new Float64Array(x.rows),
    loc: new Float64Array(x.rows),
    scale: new Float64Array(x.rows),
  };
  forEachOutput(network, x, chunkSize, (row, raw, o) => {
    out.pBuy[row] = 1 / (1 + Math.exp(-raw[o + 1]));
    out.loc[row] = raw[o + 2];
    out.scale[row] = Math.max(softplus(raw[o + 3]), MIN_SCALE);
  });
  return out;
}

/** Per customer: the ZILN `level` interval, every amount multiplied by `factor` (the value level). */
export function zilnIntervals(params: ZilnParams, level = 0.8, factor = 1): ValueIntervals {
  checkLevel(level);
  const n = params.pBuy.length;
  const low = new Float64Array(n);
  const high = new Float64Array(n);
  const tail = (1 - level) / 2;
  for (let i = 0; i < n; i++) {
    const p = params.pBuy[i];
    const p0 = 1 - p;
    const [a, b] = p0 >= level ? [0, 0] : p0 > tail ? [0, level] : [tail, 1 - tail];
    const q = (u: number) => (u === 0 ? 0 : factor * zilnQuantile(p, params.loc[i], params.scale[i], u));
    low[i] = q(a);
    high[i] = q(b);
  }
  return { low, high };
}
