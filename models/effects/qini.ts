// The Qini curve of one action from its past outcomes (docs/playbook.md, "Reading the per-segment table and
// the Qini curve"): customers (treated and control together) ranked by the uplift predicted for them, and at
// each targeted fraction φ the incremental customers retained among the top φ,
// Q(φ) = R_T(φ) − R_C(φ)·N_T(φ)/N_C(φ). Random targeting is the straight line from 0 to Q(1); the Qini
// coefficient is the area between the curve and that line. Pure and I/O-free.

export interface QiniCustomer {
  /** Predicted uplift at the time of the action: the ranking key, descending. */
  uplift: number;
  /** Churn probability at that time: breaks ties in uplift, descending; later ties keep the caller's order. */
  churn: number;
  control: boolean;
  retained: boolean;
}

export interface QiniPoint {
  /** Share of customers targeted, 0 to 1. */
  phi: number;
  /** Incremental customers retained among them, Q(φ). */
  qini: number;
  /** Random targeting: φ·Q(1). */
  random: number;
}

export interface Qini {
  treated: number;
  control: number;
  /** Q(1): incremental customers retained had everyone been treated, at the treated's count. */
  total: number;
  /**
   * Area between the curve and the random line over φ in [0, 1], with Q divided by the treated count
   * (so Q(1) becomes the retention difference p_T − p_C): > 0 when the ranking beats random targeting.
   */
  coefficient: number;
  points: QiniPoint[];
}

/** Customers in ranking order: uplift descending, then churn probability descending, then as given. */
export function rankForQini<T extends QiniCustomer>(customers: readonly T[]): T[] {
  return customers
    .map((c, i) => ({ c, i }))
    .sort((x, y) => y.c.uplift - x.c.uplift || y.c.churn - x.c.churn || x.i - y.i)
    .map(({ c }) => c);
}

/** Q after each of the ranked customers: index k holds Q of the top k (Q is 0 until there is a control). */
export function qiniValues(ranked: readonly QiniCustomer[]): number[] {
  const q = [0];
  let nT = 0;
  let nC = 0;
  let rT = 0;
  let rC = 0;
  for (const c of ranked) {
    if (c.control) {
      nC += 1;
      rC += c.retained ? 1 : 0;
    } else {
      nT += 1;
      rT += c.retained ? 1 : 0;
    }
    // Without a control among the top yet there is nothing to compare against.
    q.push(nC > 0 ? rT - (rC * nT) / nC : 0);
  }
  return q;
}

/** The Qini curve at `points` evenly spaced targeted fractions (0 and 1 included); null without both arms. */
export function qini(customers: readonly QiniCustomer[], points = 50): Qini | null {
  const treated = customers.filter((c) => !c.control).length;
  const control = customers.length - treated;
  if (treated === 0 || control === 0) return null;
  const n = customers.length;
  const q = qiniValues(rankForQini(customers));
  const total = q[n];
  // Trapezoids per customer of (Q(k) − k/n·Q(n)) / N_T, each 1/n wide.
  let area = 0;
  for (let k = 1; k <= n; k++) area += ((q[k - 1] + q[k]) / 2 - ((k - 0.5) / n) * total) / n;
  const steps = Math.min(points - 1, n);
  const ks = [...new Set(Array.from({ length: steps + 1 }, (_, j) => Math.round((j * n) / steps)))];
  return {
    treated,
    control,
    total,
    coefficient: area / treated,
    points: ks.map((k) => ({ phi: k / n, qini: q[k], random: (k / n) * total })),
  };
}
