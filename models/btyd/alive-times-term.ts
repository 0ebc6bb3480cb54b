// A conditional expectation of BG/NBD form for a whole customer base: P(alive | x, t_x, T) times a
// term of the posterior process that depends on (x, T) only. P(alive) once per (x, t_x, T) pattern,
// the term (a 2F1 series) once per (x, T) pair, multiplied per customer as the one-customer function
// multiplies them: the same numbers.
import type { Patterns, RfmData } from './data.ts';
import { gather, groupRows, scatter } from './group-rows.ts';

/** alive(x, t_x, T) · term(x, T) for every row of `data`; `p` = compressRfm(data), t_x as given in each pattern's first row. */
export function aliveTimesTerm(
  data: RfmData,
  p: Patterns,
  alive: (x: number, tx: number, T: number) => number,
  term: (x: number, T: number) => number,
): Float64Array {
  const tx = gather(data.recency, p.first);
  const pairs = groupRows([p.x, p.T]);
  const terms = new Float64Array(pairs.size);
  for (let k = 0; k < pairs.size; k++) terms[k] = term(p.x[pairs.first[k]], p.T[pairs.first[k]]);
  const perPattern = new Float64Array(p.x.length);
  for (let g = 0; g < perPattern.length; g++) perPattern[g] = alive(p.x[g], tx[g], p.T[g]) * terms[pairs.row[g]];
  return scatter(perPattern, p.row);
}
