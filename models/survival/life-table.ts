// Right-censored survival data and its life table: at each distinct time (an event's or a censoring's),
// the weight at risk just before it, the events and the censorings there. A row censored at t is at risk
// at t (events come before censorings at the same time, as in lifelines and R's survival), so a
// cancellation and a still-subscribed customer observed for the same tenure both count at that tenure.
import { SurvivalError } from './errors.ts';

export interface SurvivalData {
  /** Time from the start (signup) to the event or to the end of observation: finite, >= 0. */
  durations: ArrayLike<number>;
  /** 1 when the event (cancellation) was observed at that duration, 0 when the row is censored there. */
  events: ArrayLike<number>;
  /** How many identical rows each row stands for (aggregated data); finite, >= 0; 1 each by default. */
  weights?: ArrayLike<number>;
}

export interface LifeTable {
  /** Distinct durations with a positive weight, ascending. */
  times: Float64Array;
  /** Weight with duration >= times[i]. */
  atRisk: Float64Array;
  events: Float64Array;
  censored: Float64Array;
}

/** Throws a SurvivalError naming the first value outside its domain. */
export function checkSurvivalData({ durations, events, weights }: SurvivalData): void {
  const n = durations.length;
  if (events.length !== n) throw invalid(`events has ${events.length} values, durations ${n}`);
  if (weights && weights.length !== n) throw invalid(`weights has ${weights.length} values, durations ${n}`);
  for (let i = 0; i < n; i++) {
    const d = durations[i];
    if (!(Number.isFinite(d) && d >= 0)) throw invalid(`durations[${i}] is ${d}: expected a finite number >= 0`);
    const e = events[i];
    if (e !== 0 && e !== 1) throw invalid(`events[${i}] is ${e}: expected 0 (censored) or 1 (event)`);
    const w = weights ? weights[i] : 1;
    if (!(Number.isFinite(w) && w >= 0)) throw invalid(`weights[${i}] is ${w}: expected a finite number >= 0`);
  }
}

export function lifeTable(data: SurvivalData): LifeTable {
  checkSurvivalData(data);
  const { durations, events, weights } = data;
  const order = Array.from({ length: durations.length }, (_, i) => i)
    .filter((i) => !weights || weights[i] > 0)
    .sort((a, b) => durations[a] - durations[b]);
  const times: number[] = [];
  const eventCounts: number[] = [];
  const censored: number[] = [];
  for (let k = 0; k < order.length; ) {
    const t = durations[order[k]];
    let d = 0;
    let c = 0;
    for (; k < order.length && durations[order[k]] === t; k++) {
      const w = weights ? weights[order[k]] : 1;
      if (events[order[k]] === 1) d += w;
      else c += w;
    }
    times.push(t);
    eventCounts.push(d);
    censored.push(c);
  }
  // Summed from the last time down, so the weight at risk is exact at the tail where it is small.
  const atRisk = new Array<number>(times.length);
  for (let k = times.length - 1, sum = 0; k >= 0; k--) atRisk[k] = sum += eventCounts[k] + censored[k];
  return {
    times: Float64Array.from(times),
    atRisk: Float64Array.from(atRisk),
    events: Float64Array.from(eventCounts),
    censored: Float64Array.from(censored),
  };
}

function invalid(message: string): SurvivalError {
  return new SurvivalError('invalid-argument', message);
}
