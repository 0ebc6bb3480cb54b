// BG/NBD x Gamma-Gamma forecasts for a whole customer base at once. Per customer, E[Y(t) | x, t_x, T]
// and P(Y(t) = 0 | x, t_x, T) are P(alive) (which needs t_x) times a term of the posterior process
// that depends on (x, T, t) only. P(alive) is computed once per (x, t_x, T) pattern, the costly 2F1
// terms once per (x, T) pair (at 1M customers in days: ~800k patterns, ~80k pairs), and each
// customer's columns from those two and the customer's spend.
import { alivePmf, aliveExpectedPurchases, type BgNbdParams } from './bg-nbd.ts';
import { clvSteps, discountedSum, type ClvOptions } from './clv.ts';
import type { Patterns, RfmData } from './data.ts';
import { BtydError } from './errors.ts';
import { gather, groupRows } from './group-rows.ts';
import { ShiftedLogs } from './shifted-logs.ts';
import { expit } from './special.ts';

export interface BgNbdForecastOptions {
  /** E[Y(horizon)] and P(Y(horizon) = 0) per customer (the churn horizon). */
  horizon: number;
  /** The value horizon, its discounting steps and rate. */
  clv: ClvOptions;
}

export interface BgNbdCustomerForecast {
  pAlive: Float64Array;
  /** E[Y(horizon) | customer]. */
  expected: Float64Array;
  /** P(no purchase in (T, T + horizon] | customer). */
  pNone: Float64Array;
  /** E[Y(clv.horizon)] times the spend per purchase, undiscounted. */
  value: Float64Array;
  /** The same, discounted per step. */
  clv: Float64Array;
}

/** `patterns` = compressRfm(data) (unit weights); `spend`: expected spend per purchase of each customer. */
export function forecastBgNbdCustomers(
  params: BgNbdParams,
  data: RfmData,
  patterns: Patterns,
  spend: ArrayLike<number>,
  options: BgNbdForecastOptions,
): BgNbdCustomerForecast {
  const n = data.frequency.length;
  if (patterns.row.length !== n || spend.length !== n)
    throw new BtydError('invalid-argument', 'patterns and spend must have one entry per customer');
  const alive = patternPAlive(params, data, patterns);
  const pairs = pairTerms(params, patterns, options);
  const width = pairs.width;
  const { terms, pairOf } = pairs;
  const { discounts } = clvSteps(options.clv);
  const last = discounts.length;
  const out: BgNbdCustomerForecast = {
    pAlive: new Float64Array(n),
    expected: new Float64Array(n),
    pNone: new Float64Array(n),
    value: new Float64Array(n),
    clv: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const g = patterns.row[i];
    const p = alive[g];
    const at = pairOf[g] * width;
    out.pAlive[i] = p;
    out.expected[i] = p * terms[at];
    out.pNone[i] = p * terms[at + width - 1] + 1 - p;
    out.value[i] = last > 0 ? p * terms[at + last] * spend[i] : 0;
    out.clv[i] = discountedSum(p, terms, at + 1, spend[i], discounts);
  }
  return out;
}

/**
 * P(alive) per pattern: bgNbdPAlive's expression with its logs looked up per distinct T, t_x and x
 * (the same numbers), t_x as given in the pattern's first row.
 */
function patternPAlive({ r, alpha, a, b }: BgNbdParams, data: RfmData, p: Patterns): Float64Array {
  const logAT = new ShiftedLogs(p.T).at(alpha);
  const logATx = new ShiftedLogs(gather(data.recency, p.first)).at(alpha);
  const logBx = new ShiftedLogs(p.x).at(b, -1);
  const logA = Math.log(a);
  const alive = new Float64Array(p.x.length);
  for (let g = 0; g < alive.length; g++) {
    const x = p.x[g];
    const lAT = logAT.log[logAT.index[g]];
    const lATx = logATx.log[logATx.index[g]];
    alive[g] = x === 0 ? 1 : expit(-(logA - logBx.log[logBx.index[g]] + (r + x) * (lAT - lATx)));
  }
  return alive;
}

/**
 * Per distinct (x, T) of the patterns, the alive customer's expectations at the horizon and at each
 * CLV step, then P(Y(horizon) = 0) given alive: `width` numbers a pair.
 */
function pairTerms(params: BgNbdParams, p: Patterns, options: BgNbdForecastOptions) {
  const { r, alpha, a, b } = params;
  const horizons = [options.horizon, ...clvSteps(options.clv).times];
  const width = horizons.length + 1;
  const pairs = groupRows([p.x, p.T]);
  const terms = new Float64Array(pairs.size * width);
  for (let k = 0; k < pairs.size; k++) {
    const x = p.x[pairs.first[k]];
    const T = p.T[pairs.first[k]];
    for (let h = 0; h < horizons.length; h++)
      terms[k * width + h] = aliveExpectedPurchases(r + x, alpha + T, a, b + x, horizons[h]);
    terms[k * width + horizons.length] = alivePmf(r + x, alpha + T, a, b + x, options.horizon, 0);
  }
  return { terms, pairOf: pairs.row, width };
}
