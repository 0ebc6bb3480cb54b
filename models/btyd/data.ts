// The per-customer summary the BTYD models take (lifetimes' conventions): frequency x = repeat
// purchase periods, recency t_x = time from the first to the last purchase, T = time from the first
// purchase to the end of calibration, all in one time unit. Validated once and compressed to the
// distinct (x, t_x, T) patterns with weights, so likelihoods loop over patterns, not customers.
import { BtydError } from './errors.ts';

export interface RfmData {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  T: ArrayLike<number>;
  /** Customers per row (default 1 each): Fader and Hardie's condensed pattern tables. */
  weights?: ArrayLike<number>;
}

export interface Patterns {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  w: Float64Array;
  /** Total weight (customers). */
  customers: number;
  /** Weight of customers with at least one repeat purchase. */
  repeaters: number;
}

export function compressRfm(data: RfmData): Patterns {
  const n = data.frequency.length;
  if (data.recency.length !== n || data.T.length !== n || (data.weights && data.weights.length !== n)) {
    throw new BtydError('invalid-argument', 'frequency, recency, T (and weights) must have the same length');
  }
  const index = new Map<number | string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const w: number[] = [];
  let customers = 0;
  let repeaters = 0;
  for (let i = 0; i < n; i++) {
    const f = data.frequency[i];
    const r = data.recency[i];
    const t = data.T[i];
    const weight = data.weights ? data.weights[i] : 1;
    if (!(f >= 0 && r >= 0 && t >= 0 && weight >= 0) || ![f, r, t, weight].every(Number.isFinite)) {
      throw new BtydError('invalid-argument', `customer ${i}: frequency ${f}, recency ${r}, T ${t}, weight ${weight} must be finite and >= 0`);
    }
    // Summaries rounded to days/7 can put t_x a hair above T; more than that is a data error.
    if (r > t * (1 + 1e-9) + 1e-9) throw new BtydError('invalid-argument', `customer ${i}: recency ${r} is after T ${t}`);
    if (f === 0 && r !== 0) throw new BtydError('invalid-argument', `customer ${i}: recency ${r} without repeat purchases`);
    if (weight === 0) continue;
    // Whole numbers (days) key as one number, which a Map hashes far faster than a string.
    const key = Number.isInteger(f) && Number.isInteger(r) && Number.isInteger(t) && f < 2 ** 16 && t < 2 ** 18 ? (f * 2 ** 18 + r) * 2 ** 18 + t : `${f}|${r}|${t}`;
    let k = index.get(key);
    if (k === undefined) {
      k = x.length;
      index.set(key, k);
      x.push(f);
      tx.push(Math.min(r, t));
      T.push(t);
      w.push(0);
    }
    w[k] += weight;
    customers += weight;
    if (f > 0) repeaters += weight;
  }
  if (customers === 0) throw new BtydError('no-data', 'no customers to fit');
  return { x: Float64Array.from(x), tx: Float64Array.from(tx), T: Float64Array.from(T), w: Float64Array.from(w), customers, repeaters };
}

/** Total weight per distinct frequency: the lgamma terms of the likelihoods depend on x alone. */
export function byFrequency(p: Patterns): { x: Float64Array; w: Float64Array } {
  const totals = new Map<number, number>();
  for (let i = 0; i < p.x.length; i++) totals.set(p.x[i], (totals.get(p.x[i]) ?? 0) + p.w[i]);
  const xs = [...totals.keys()].sort((a, b) => a - b);
  return { x: Float64Array.from(xs), w: Float64Array.from(xs.map((v) => totals.get(v)!)) };
}
