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

/** `cumulative(t)` = expected purchases in (T, T + t] for the customer (a conditional expectation). */
export function discountedClv(cumulative: (t: number) => number, spend: number, options: ClvOptions): number {
  const { horizon, step, discountRate } = options;
  if (!(horizon > 0) || !(step > 0)) return 0;
  let value = 0;
  let previous = 0;
  const steps = Math.ceil(horizon / step - 1e-9);
  for (let k = 1; k <= steps; k++) {
    const current = cumulative(Math.min(k * step, horizon));
    value += ((current - previous) * spend) / (1 + discountRate) ** k;
    previous = current;
  }
  return value;
}
