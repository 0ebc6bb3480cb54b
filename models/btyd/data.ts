// The per-customer summary the BTYD models take (lifetimes' conventions): frequency x = repeat
// purchase periods, recency t_x = time from the first to the last purchase, T = time from the first
// purchase to the end of calibration, all in one time unit. Validated once and compressed to the
// distinct (x, t_x, T) patterns with weights, so likelihoods loop over patterns, not customers.
import { BtydError } from './errors.ts';
import { distinctValues, gather, groupRows } from './group-rows.ts';

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
  /** The pattern of each input row (-1 for a row of weight 0), to scatter per-pattern results back. */
  row: Int32Array;
  /** The first input row of each pattern (its recency as given, before t_x is capped at T). */
  first: Int32Array;
}

export function compressRfm(data: RfmData): Patterns {
  const n = data.frequency.length;
  if (data.recency.length !== n || data.T.length !== n || (data.weights && data.weights.length !== n)) {
    throw new BtydError('invalid-argument', 'frequency, recency, T (and weights) must have the same length');
  }
  const { frequency, recency, T: time, weights } = data;
  let customers = 0;
  let repeaters = 0;
  for (let i = 0; i < n; i++) {
    const weight = weights ? weights[i] : 1;
    validateRow(i, frequency[i], recency[i], time[i], weight);
    customers += weight;
    if (frequency[i] > 0) repeaters += weight;
  }
  if (customers === 0) throw new BtydError('no-data', 'no customers to fit');
  const groups = groupRows([frequency, recency, time], weights && ((i) => weights[i] > 0));
  const { first, row } = groups;
  const w = new Float64Array(groups.size);
  for (let i = 0; i < n; i++) if (row[i] >= 0) w[row[i]] += weights ? weights[i] : 1;
  const x = gather(frequency, first);
  const T = gather(time, first);
  const tx = gather(recency, first);
  // Summaries rounded to days/7 can put t_x a hair above T (validateRow allows that much): cap it.
  for (let k = 0; k < tx.length; k++) tx[k] = Math.min(tx[k], T[k]);
  return { x, tx, T, w, customers, repeaters, row, first };
}

function validateRow(i: number, f: number, r: number, t: number, weight: number): void {
  if (
    !(f >= 0 && r >= 0 && t >= 0 && weight >= 0) ||
    !(Number.isFinite(f) && Number.isFinite(r) && Number.isFinite(t) && Number.isFinite(weight))
  ) {
    throw new BtydError(
      'invalid-argument',
      `customer ${i}: frequency ${f}, recency ${r}, T ${t}, weight ${weight} must be finite and >= 0`,
    );
  }
  // Summaries rounded to days/7 can put t_x a hair above T; more than that is a data error.
  if (r > t * (1 + 1e-9) + 1e-9) throw new BtydError('invalid-argument', `customer ${i}: recency ${r} is after T ${t}`);
  if (f === 0 && r !== 0)
    throw new BtydError('invalid-argument', `customer ${i}: recency ${r} without repeat purchases`);
}

/** Total weight per distinct frequency: the lgamma terms of the likelihoods depend on x alone. */
export function byFrequency(p: Patterns): { x: Float64Array; w: Float64Array } {
  const { values, index } = distinctValues(p.x);
  const totals = new Float64Array(values.length);
  for (let i = 0; i < p.x.length; i++) totals[index[i]] += p.w[i];
  const order = Array.from(values.keys()).sort((a, b) => values[a] - values[b]);
  return { x: Float64Array.from(order, (k) => values[k]), w: Float64Array.from(order, (k) => totals[k]) };
}
