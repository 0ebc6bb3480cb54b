// The log-rank test that two or more survival curves are the same (Mantel 1966, "Evaluation of survival
// data and two new rank order statistics arising in its consideration", Cancer Chemotherapy Reports 50;
// Peto and Peto 1972). At each distinct event time t, with n_g at risk and d_g events in group g
// (n, d in all): E_g = Σ_t d n_g / n, and the hypergeometric covariance
//   V_gh = Σ_t d (n - d) / (n - 1) · (n_g / n) (δ_gh - n_h / n).
// The statistic (O - E)' V^-1 (O - E) over all groups but one is chi-square with groups - 1 degrees of
// freedom under the null (the same as R's survdiff and statsmodels' survdiff).
import { solveSymmetric } from '../eval/linear-solve.ts';
import { SurvivalError } from './errors.ts';
import { chiSquareSurvival } from './gamma-inc.ts';
import { checkSurvivalData, type SurvivalData } from './life-table.ts';

export interface LogRankResult {
  /** Observed and expected events per group, in the order given. */
  observed: number[];
  expected: number[];
  statistic: number;
  /** Groups that carry information (someone at risk at an informative event time), minus 1. */
  df: number;
  /** P(chi-square_df > statistic); NaN when df is 0. */
  pValue: number;
}

interface Row {
  time: number;
  group: number;
  event: number;
  weight: number;
}

/** One SurvivalData per group (weights count identical rows, as in kaplanMeier). */
export function logRank(groups: readonly SurvivalData[]): LogRankResult {
  if (groups.length < 2)
    throw new SurvivalError('invalid-argument', `log-rank test of ${groups.length} group(s): expected 2 or more`);
  groups.forEach(checkSurvivalData);
  const k = groups.length;
  const { observed, expected, covariance } = sums(rowsOf(groups), k);
  // A group never at risk at an informative time has a zero row in V: it tests nothing, so it is left
  // out (R's survdiff lowers the degrees of freedom the same way); the last informative group is the
  // reference.
  const informative = [...Array(k).keys()].filter((g) => covariance[g * k + g] > 0);
  const df = informative.length - 1;
  if (df < 1) return { observed, expected, statistic: NaN, df: 0, pValue: NaN };
  const used = informative.slice(0, df);
  const v = Float64Array.from(used.flatMap((g) => used.map((h) => covariance[g * k + h])));
  const diff = Float64Array.from(used.map((g) => observed[g] - expected[g]));
  const x = solveSymmetric(v, diff, df);
  const statistic = diff.reduce((acc, u, i) => acc + u * x[i], 0);
  return { observed, expected, statistic, df, pValue: chiSquareSurvival(statistic, df) };
}

function rowsOf(groups: readonly SurvivalData[]): Row[] {
  const rows: Row[] = [];
  groups.forEach(({ durations, events, weights }, group) => {
    for (let i = 0; i < durations.length; i++) {
      const weight = weights ? weights[i] : 1;
      if (weight > 0) rows.push({ time: durations[i], group, event: events[i], weight });
    }
  });
  return rows.sort((a, b) => a.time - b.time);
}

/** O, E and V summed over the distinct times, the risk sets shrinking as the times pass. */
function sums(rows: Row[], k: number) {
  const atRisk = new Float64Array(k);
  for (const r of rows) atRisk[r.group] += r.weight;
  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const covariance = new Float64Array(k * k);
  const deaths = new Float64Array(k);
  const leaving = new Float64Array(k);
  for (let i = 0; i < rows.length; ) {
    deaths.fill(0);
    leaving.fill(0);
    for (const t = rows[i].time; i < rows.length && rows[i].time === t; i++) {
      leaving[rows[i].group] += rows[i].weight;
      if (rows[i].event === 1) deaths[rows[i].group] += rows[i].weight;
    }
    const n = atRisk.reduce((a, b) => a + b, 0);
    const d = deaths.reduce((a, b) => a + b, 0);
    if (d > 0) {
      const spread = n > 1 ? (d * (n - d)) / (n - 1) : 0;
      for (let g = 0; g < k; g++) {
        const share = atRisk[g] / n;
        observed[g] += deaths[g];
        expected[g] += d * share;
        for (let h = 0; h < k; h++) covariance[g * k + h] += spread * share * ((g === h ? 1 : 0) - atRisk[h] / n);
      }
    }
    for (let g = 0; g < k; g++) atRisk[g] -= leaving[g];
  }
  return { observed, expected, covariance };
}
