// Customer lifetime value over a finite horizon, as lifetimes computes it: the expected purchases in
// each step (e.g. month) of the horizon, times the expected spend per purchase, discounted per step.
//   CLV = Σ_{k=1..K} (E[Y(t_k)] - E[Y(t_{k-1})]) · spend / (1 + d)^k,  t_k = min(k · step, horizon)

export interface ClvOptions {
  /** Horizon in the model's time unit. */
  horizon: number;
  /** Length of one discounting step in the model's time unit (e.g. 30 days). */
  step: number;
  /** Discount rate per step (e.g. 0.01 a month). */
  discountRate: number;
}

/** The CLV's time points t_1..t_K and discount divisors (1 + d)^1..(1 + d)^K (none for an empty horizon). */
export function clvSteps({ horizon, step, discountRate }: ClvOptions): { times: number[]; discounts: Float64Array } {
  if (!(horizon > 0) || !(step > 0)) return { times: [], discounts: new Float64Array(0) };
  const steps = Math.ceil(horizon / step - 1e-9);
  const times = Array.from({ length: steps }, (_, k) => Math.min((k + 1) * step, horizon));
  return { times, discounts: Float64Array.from(times, (_, k) => (1 + discountRate) ** (k + 1)) };
}

/**
 * The CLV sum for cumulative expectations scale · cumulative[offset + k - 1] at t_k: per-customer
 * expectations are P(alive) times a term shared by many customers, kept apart so they are not stored.
 */
export function discountedSum(
  scale: number,
  cumulative: ArrayLike<number>,
  offset: number,
  spend: number,
  discounts: Float64Array,
): number {
  let value = 0;
  let previous = 0;
  for (let k = 0; k < discounts.length; k++) {
    const current = scale * cumulative[offset + k];
    value += ((current - previous) * spend) / discounts[k];
    previous = current;
  }
  return value;
}

/** `cumulative(t)` = expected purchases in (T, T + t] for the customer (a conditional expectation). */
export function discountedClv(cumulative: (t: number) => number, spend: number, options: ClvOptions): number {
  const { times, discounts } = clvSteps(options);
  return discountedSum(1, times.map(cumulative), 0, spend, discounts);
}
