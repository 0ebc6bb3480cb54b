// Kaplan-Meier retention curves of subscribers for one grouping (overall, signup cohort, current plan,
// a categorical attribute): each group's curve with its log-log 95% band, thinned to the points a chart
// needs, its median lifetime, and the log-rank test across the groups. Pure (models/survival/).
import { kaplanMeier, logRank, medianSurvival, type SurvivalData } from '../../models/survival/index.ts';
import type { Lifetime } from './subscription-lifetimes.ts';

/** A point of a step curve: S(t) from t on, its band, and the subscribers at risk at t. */
export interface CurvePoint {
  t: number;
  s: number;
  lo: number | null;
  hi: number | null;
  atRisk: number;
}

export interface GroupCurve {
  group: string;
  subscribers: number;
  ended: number;
  median: number | null;
  medianLower: number | null;
  medianUpper: number | null;
  points: CurvePoint[];
}

export interface Grouping {
  name: string;
  groups: GroupCurve[];
  logRank: { statistic: number | null; df: number; pValue: number | null } | null;
}

const fixed = (v: number, digits: number) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : null);
/** 4 significant digits: a small p-value keeps its size. */
const significant = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(4)) : null);

const survivalData = (members: readonly Lifetime[]): SurvivalData => ({
  durations: members.map((m) => m.months),
  events: members.map((m) => (m.ended ? 1 : 0)),
});

/**
 * The curve at time 0 and at every event time, plus the last time observed; an event time is left out
 * when S moved less than 0.002 and less than a month passed since the last point kept. Every point kept
 * is the exact curve at its time (rounded to 6 decimals); only the steps between them are coarser.
 */
export function curvePoints(members: readonly Lifetime[]): CurvePoint[] {
  const curve = kaplanMeier(survivalData(members));
  const points: CurvePoint[] = [{ t: 0, s: 1, lo: 1, hi: 1, atRisk: members.length }];
  const m = curve.times.length;
  for (let i = 0; i < m; i++) {
    const last = points[points.length - 1];
    const keep =
      i === m - 1 || (curve.events[i] > 0 && (last.s - curve.survival[i] >= 0.002 || curve.times[i] - last.t >= 1));
    if (!keep) continue;
    points.push({
      t: fixed(curve.times[i], 4)!,
      s: fixed(curve.survival[i], 6)!,
      lo: fixed(curve.lower[i], 6),
      hi: fixed(curve.upper[i], 6),
      atRisk: curve.atRisk[i],
    });
  }
  return points;
}

/** One grouping: groups in the order given (empty groups dropped), log-rank when there are 2 or more. */
export function grouping(name: string, groups: readonly [string, readonly Lifetime[]][]): Grouping {
  const present = groups.filter(([, members]) => members.length > 0);
  const curves = present.map(([group, members]) => {
    const median = medianSurvival(kaplanMeier(survivalData(members)));
    return {
      group,
      subscribers: members.length,
      ended: members.filter((m) => m.ended).length,
      median: fixed(median.median, 4),
      medianLower: fixed(median.lower, 4),
      // null: not reached, or unbounded (the band still holds 0.5 at the last event time)
      medianUpper: fixed(median.upper, 4),
      points: curvePoints(members),
    };
  });
  if (present.length < 2) return { name, groups: curves, logRank: null };
  const test = logRank(present.map(([, members]) => survivalData(members)));
  return {
    name,
    groups: curves,
    logRank: { statistic: fixed(test.statistic, 4), df: test.df, pValue: significant(test.pValue) },
  };
}

/** Members by a key (null: the missing level), groups sorted with the missing one last. */
export function groupBy(members: readonly Lifetime[], key: (m: Lifetime) => string | null, missing: string) {
  const map = new Map<string, Lifetime[]>();
  for (const m of members) {
    const k = key(m) ?? missing;
    const list = map.get(k);
    if (list) list.push(m);
    else map.set(k, [m]);
  }
  return [...map.entries()].sort(([a], [b]) => (a === missing ? 1 : b === missing ? -1 : a < b ? -1 : a > b ? 1 : 0));
}
