// The data of the contractual retention models (sBG, BdW): customers lost at each renewal and customers
// still active when last observed (right-censored), by whole periods. A cohort's survivor counts and a
// list of customers both reduce to it, and so do several cohorts observed for different lengths.
import { BtydError } from './errors.ts';

export interface RetentionData {
  /** lost[t]: customers who left at the end of period t, not renewing (t >= 1; lost[0] is 0). */
  lost: Float64Array;
  /** active[t]: customers still active after t whole periods, observed no further (t >= 0). */
  active: Float64Array;
  /** Total customers (the sum of both). */
  customers: number;
  /** The longest observation, in periods: both arrays have horizon + 1 entries. */
  horizon: number;
}

/**
 * A cohort's survivors by period: survivors[0] the cohort's size, survivors[t] those who renewed at the
 * end of each of periods 1..t (Fader and Hardie 2007, Table 1). Those lost in period t are
 * survivors[t - 1] - survivors[t]; the last count is still active.
 */
export function cohortRetentionData(survivors: readonly number[]): RetentionData {
  if (survivors.length < 2) throw new BtydError('no-data', 'a cohort needs its size and at least one period');
  survivors.forEach((n, t) => {
    if (!(Number.isFinite(n) && n >= 0))
      throw new BtydError('invalid-argument', `survivors[${t}] = ${n}: expected a count >= 0`);
    if (t > 0 && n > survivors[t - 1])
      throw new BtydError(
        'invalid-argument',
        `survivors[${t}] = ${n} is more than survivors[${t - 1}] = ${survivors[t - 1]}`,
      );
  });
  if (!(survivors[0] > 0)) throw new BtydError('no-data', 'the cohort is empty (survivors[0] = 0)');
  const horizon = survivors.length - 1;
  const data = empty(horizon);
  for (let t = 1; t <= horizon; t++) data.lost[t] = survivors[t - 1] - survivors[t];
  data.active[horizon] = survivors[horizon];
  data.customers = survivors[0];
  return data;
}

export interface RetentionCustomer {
  /** Whole periods the customer stayed (churned: the periods paid for; active: those completed so far). */
  periods: number;
  /** Left at the end of the last of those periods (did not renew); false: renewed every time so far. */
  churned: boolean;
}

/** One row per customer: a churned customer is lost in period `periods` (>= 1), an active one censored there. */
export function customerRetentionData(customers: readonly RetentionCustomer[]): RetentionData {
  let horizon = 0;
  customers.forEach(({ periods, churned }, i) => {
    if (!(Number.isInteger(periods) && periods >= (churned ? 1 : 0)))
      throw new BtydError(
        'invalid-argument',
        `customer ${i}: periods ${periods} must be a whole number >= ${churned ? '1 for a churned customer' : '0'}`,
      );
    horizon = Math.max(horizon, periods);
  });
  if (customers.length === 0) throw new BtydError('no-data', 'no customers to fit');
  const data = empty(horizon);
  for (const { periods, churned } of customers) (churned ? data.lost : data.active)[periods]++;
  data.customers = customers.length;
  return data;
}

/** Several cohorts or segments pooled under one set of parameters. */
export function mergeRetentionData(parts: readonly RetentionData[]): RetentionData {
  if (parts.length === 0) throw new BtydError('no-data', 'no cohorts to merge');
  const data = empty(Math.max(...parts.map((p) => p.horizon)));
  for (const part of parts) {
    for (let t = 0; t <= part.horizon; t++) {
      data.lost[t] += part.lost[t];
      data.active[t] += part.active[t];
    }
    data.customers += part.customers;
  }
  return data;
}

function empty(horizon: number): RetentionData {
  return { lost: new Float64Array(horizon + 1), active: new Float64Array(horizon + 1), customers: 0, horizon };
}
