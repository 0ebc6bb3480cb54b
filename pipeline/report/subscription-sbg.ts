// The shifted-beta-geometric model (models/btyd/shifted-beta-geometric.ts) fitted per signup cohort on
// monthly periods before a holdout, and its projection over the holdout against what happened. Pure.
//   Calibration: each subscriber who started before the holdout, observed up to its start: lost in the
//   period whose end they did not renew at (churnPeriod) when they ended before it, else active after the
//   whole months completed by then.
//   Projection: the subscribers active at the holdout's start, each t_i periods in, survive k more
//   periods with S(t_i + k)/S(t_i); actual: those whose churn period is past t_i + k (or still on).
//   DERL (Fader and Hardie 2010): the discounted expected residual lifetime, in months, of a subscriber
//   who has just made their n-th renewal (standing before renewal n + 1).
import {
  bdwSurvivalCurve,
  customerRetentionData,
  fitBdw,
  fitSbg,
  sbgDerl,
  sbgSurvivalCurve,
} from '../../models/btyd/index.ts';
import { addMonths, calendarMonths, cohortOf, type CohortGrain, type Lifetime } from './subscription-lifetimes.ts';

export const HOLDOUT_MONTHS = 6;
/** The discount rate per month of the DERL (the config has none). */
export const MONTHLY_DISCOUNT = 0.01;
/** A cohort is fitted with at least this many subscribers and one lost before the holdout. */
const MIN_SUBSCRIBERS = 20;
const RENEWALS = [1, 12];

const fixed = (v: number, digits: number) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : null);

interface Calibrated {
  periods: number;
  churned: boolean;
  /** Active at the holdout's start: whole months completed then, and the churn period if it came later. */
  active: boolean;
  churnPeriod: number | null;
}

function calibrate(m: Lifetime, holdoutStart: number): Calibrated {
  const completed = Math.floor(calendarMonths(m.started, holdoutStart) + 1e-9);
  if (m.end !== null && m.end < holdoutStart && m.churnPeriod !== null)
    return { periods: m.churnPeriod!, churned: true, active: false, churnPeriod: m.churnPeriod };
  return {
    periods: completed,
    churned: false,
    active: true,
    churnPeriod: m.churnPeriod === null ? null : Math.max(m.churnPeriod, completed + 1),
  };
}

export function sbgByCohort(lifetimes: readonly Lifetime[], asOf: number, grain: CohortGrain) {
  const holdoutStart = addMonths(asOf, -HOLDOUT_MONTHS);
  const cohorts = new Map<string, Lifetime[]>();
  for (const m of lifetimes) {
    if (m.started >= holdoutStart) continue;
    const key = cohortOf(m.started, grain);
    const list = cohorts.get(key);
    if (list) list.push(m);
    else cohorts.set(key, [m]);
  }
  const fits = [...cohorts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([cohort, members]) => {
      const calibrated = members.map((m) => calibrate(m, holdoutStart));
      if (calibrated.length < MIN_SUBSCRIBERS || !calibrated.some((c) => c.churned)) return null;
      const data = customerRetentionData(calibrated);
      const fit = fitSbg(data);
      // The BdW nests the sBG (c = 1): where the hazard moves with tenure as such (annual contracts
      // that can only end at renewal), it fits clearly better and projects with it (the lower AIC).
      const bdw = fitBdw(data);
      const useBdw = bdw.converged && 2 * 3 - 2 * bdw.logLik < 2 * 2 - 2 * fit.logLik;
      const active = calibrated.filter((c) => c.active);
      const horizon = Math.max(0, ...active.map((c) => c.periods)) + HOLDOUT_MONTHS;
      const survival = useBdw ? bdwSurvivalCurve(bdw.params, horizon) : sbgSurvivalCurve(fit.params, horizon);
      const holdout = Array.from({ length: HOLDOUT_MONTHS + 1 }, (_, k) => ({
        month: k,
        projected: fixed(
          active.reduce((s, c) => s + survival[c.periods + k] / survival[c.periods], 0),
          2,
        ),
        actual: active.filter((c) => c.churnPeriod === null || c.churnPeriod > c.periods + k).length,
      }));
      return {
        cohort,
        subscribers: calibrated.length,
        lost: calibrated.filter((c) => c.churned).length,
        activeAtHoldout: active.length,
        alpha: fixed(fit.params.alpha, 4),
        beta: fixed(fit.params.beta, 4),
        logLik: fixed(fit.logLik, 2),
        converged: fit.converged,
        bdw: {
          alpha: fixed(bdw.params.alpha, 4),
          beta: fixed(bdw.params.beta, 4),
          c: fixed(bdw.params.c, 4),
          logLik: fixed(bdw.logLik, 2),
          converged: bdw.converged,
        },
        /** Which model the holdout projection comes from. */
        projectedWith: useBdw ? 'bdw' : 'sbg',
        derl: RENEWALS.map((renewals) => ({
          renewals,
          months: fixed(sbgDerl(fit.params, MONTHLY_DISCOUNT, renewals + 1), 2),
        })),
        holdout,
      };
    });
  return {
    holdoutMonths: HOLDOUT_MONTHS,
    holdoutStart: new Date(holdoutStart).toISOString().slice(0, 10),
    discountRate: MONTHLY_DISCOUNT,
    minSubscribers: MIN_SUBSCRIBERS,
    cohorts: fits.filter((f) => f !== null),
  };
}
