// BG/NBD predictions for a whole customer base at once. Per customer, E[Y(t) | x, t_x, T] and
// P(Y(t) = 0 | x, t_x, T) are P(alive) (which needs t_x) times a term of the posterior process that
// depends on (x, T, t) only. Customers share (x, T) far more often than they share (x, t_x, T) (at 1M
// customers in days, ~40k pairs), so the costly 2F1 terms are computed once per pair.
import { alivePmf, aliveExpectedPurchases, bgNbdPAlive, type BgNbdParams } from './bg-nbd.ts';
import type { RfmData } from './data.ts';

export interface BgNbdCustomerPredictions {
  pAlive: Float64Array;
  /** expected[h][i]: E[Y(horizons[h]) | customer i]. */
  expected: Float64Array[];
  /** P(no purchase in (T, T + noneHorizon] | customer i). */
  pNone: Float64Array;
}

/** Keys (x, T) as one number when both are small whole numbers (days, weeks); otherwise no sharing. */
const pairKey = (x: number, T: number) => (Number.isInteger(x) && Number.isInteger(T) && x >= 0 && T >= 0 && T < 2 ** 26 && x < 2 ** 26 ? x * 2 ** 26 + T : NaN);

export function bgNbdPredictCustomers(params: BgNbdParams, data: RfmData, horizons: readonly number[], noneHorizon: number): BgNbdCustomerPredictions {
  const { r, alpha, a, b } = params;
  const n = data.frequency.length;
  const h = horizons.length;
  const out: BgNbdCustomerPredictions = {
    pAlive: new Float64Array(n),
    expected: horizons.map(() => new Float64Array(n)),
    pNone: new Float64Array(n),
  };
  const slots = new Map<number, number>();
  // Per (x, T) pair: the alive-customer expectations at each horizon, then P(none) given alive.
  let terms = new Float64Array(1024 * (h + 1));
  const termsFor = (x: number, T: number, into: Float64Array, at: number) => {
    for (let k = 0; k < h; k++) into[at + k] = aliveExpectedPurchases(r + x, alpha + T, a, b + x, horizons[k]);
    into[at + h] = alivePmf(r + x, alpha + T, a, b + x, noneHorizon, 0);
  };
  const own = new Float64Array(h + 1);
  for (let i = 0; i < n; i++) {
    const x = data.frequency[i];
    const T = data.T[i];
    const alive = bgNbdPAlive(params, x, data.recency[i], T);
    const key = pairKey(x, T);
    let source = own;
    let at = 0;
    if (Number.isNaN(key)) termsFor(x, T, own, 0);
    else {
      let slot = slots.get(key);
      if (slot === undefined) {
        slot = slots.size;
        slots.set(key, slot);
        if ((slot + 1) * (h + 1) > terms.length) {
          const grown = new Float64Array(terms.length * 2);
          grown.set(terms);
          terms = grown;
        }
        termsFor(x, T, terms, slot * (h + 1));
      }
      source = terms;
      at = slot * (h + 1);
    }
    out.pAlive[i] = alive;
    for (let k = 0; k < h; k++) out.expected[k][i] = alive * source[at + k];
    out.pNone[i] = alive * source[at + h] + 1 - alive;
  }
  return out;
}
