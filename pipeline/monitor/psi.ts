// Population stability index: how far a variable's distribution has moved between a reference sample
// (the training window) and now. Bins are the reference's deciles (fewer when values repeat, so a
// binary flag gets two bins); PSI = sum over bins of (cur - ref) * ln(cur / ref), with empty bins
// floored at a small share so one empty bin does not make it infinite.
// Rule of thumb: below 0.1 stable, 0.1-0.25 a moderate shift, above 0.25 a large one.

const FLOOR = 1e-4;

export interface PsiResult {
  psi: number;
  bins: { upper: number; reference: number; current: number }[];
}

export function psi(reference: ArrayLike<number>, current: ArrayLike<number>, bins = 10): PsiResult {
  const ref = finite(reference);
  const cur = finite(current);
  if (ref.length === 0 || cur.length === 0) return { psi: NaN, bins: [] };
  ref.sort((a, b) => a - b);
  // Upper edges at the reference's quantiles; repeated edges collapse (discrete variables).
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const edge = ref[Math.min(ref.length - 1, Math.floor((k * ref.length) / bins))];
    // An edge at the minimum would open a bin no reference value falls in.
    if (edge > (edges.length === 0 ? ref[0] : edges[edges.length - 1])) edges.push(edge);
  }
  // Values equal to an edge go to the bin above it (edges are lower bounds of the next bin).
  const count = (values: number[]) => {
    const counts = new Float64Array(edges.length + 1);
    for (const v of values) counts[upperBound(edges, v)]++;
    return Array.from(counts, (c) => c / values.length);
  };
  const r = count(ref);
  const c = count(cur);
  let total = 0;
  const out: PsiResult['bins'] = [];
  for (let b = 0; b < r.length; b++) {
    const rb = Math.max(r[b], FLOOR);
    const cb = Math.max(c[b], FLOOR);
    total += (cb - rb) * Math.log(cb / rb);
    out.push({ upper: b < edges.length ? edges[b] : Infinity, reference: r[b], current: c[b] });
  }
  return { psi: total, bins: out };
}

export type DriftLevel = 'ok' | 'warn' | 'alert';

export function driftLevel(value: number, warn: number, alert: number): DriftLevel {
  if (!(value >= warn)) return 'ok';
  return value >= alert ? 'alert' : 'warn';
}

function finite(values: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out.push(values[i]);
  return out;
}

/** Index of the first edge greater than v (so v lands in the bin whose lower bound it reaches). */
function upperBound(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
