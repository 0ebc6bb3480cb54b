// Gradient histograms of a node: per histogram bin, the sums of gradient, hessian and row count,
// interleaved (3 numbers a bin). Each row adds to the bins of its compressed entries only (see
// layout.ts); the most frequent bin of every group is then the node's total minus the group's other bins.
import type { Layout } from './layout.ts';

/** Histogram of the rows idx[start..end); gh holds each row's gradient and hessian, interleaved. */
export function buildHistogram(
  hist: Float64Array,
  layout: Layout,
  idx: Uint32Array,
  start: number,
  end: number,
  gh: Float32Array,
): void {
  hist.fill(0);
  // A small node's rows lie scattered over the whole matrix: gathered first, their cache misses overlap.
  const sums =
    (end - start) * 8 < layout.rows
      ? addGathered(hist, layout, idx, start, end, gh)
      : addRows(hist, layout, idx, start, end, gh);
  const count = end - start;
  for (let grp = 0; grp < layout.groups; grp++) {
    const first = layout.groupOffset[grp] * 3;
    const stop = first + layout.groupBins[grp] * 3;
    let g = 0;
    let h = 0;
    let c = 0;
    for (let q = first; q < stop; q += 3) {
      g += hist[q];
      h += hist[q + 1];
      c += hist[q + 2];
    }
    const d = layout.groupDefault[grp] * 3;
    hist[d] = sums.g - g;
    hist[d + 1] = sums.h - h;
    hist[d + 2] = count - c;
  }
}

/** In place: parent minus child, i.e. the sibling's histogram (the subtraction trick). */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let k = 0; k < parent.length; k++) parent[k] -= child[k];
}

/** Adds one row's entries: two a step, for fewer loop tests and two independent update chains. */
function addEntries(
  hist: Float64Array,
  entries: Uint16Array | Uint32Array,
  from: number,
  to: number,
  g: number,
  h: number,
): void {
  let p = from;
  for (; p + 1 < to; p += 2) {
    const a = entries[p] * 3;
    const b = entries[p + 1] * 3;
    hist[a] += g;
    hist[a + 1] += h;
    hist[a + 2] += 1;
    hist[b] += g;
    hist[b + 1] += h;
    hist[b + 2] += 1;
  }
  if (p < to) {
    const a = entries[p] * 3;
    hist[a] += g;
    hist[a + 1] += h;
    hist[a + 2] += 1;
  }
}

function addRows(hist: Float64Array, layout: Layout, idx: Uint32Array, start: number, end: number, gh: Float32Array) {
  const { rowStart, entries } = layout;
  let g = 0;
  let h = 0;
  for (let k = start; k < end; k++) {
    const i = idx[k];
    g += gh[2 * i];
    h += gh[2 * i + 1];
    addEntries(hist, entries, rowStart[i], rowStart[i + 1], gh[2 * i], gh[2 * i + 1]);
  }
  return { g, h };
}

const BLOCK = 512;
const firsts = new Uint32Array(BLOCK);
const lasts = new Uint32Array(BLOCK);
const blockGh = new Float32Array(2 * BLOCK);
/** Keeps the touching reads from being optimised away. */
const sink = { value: 0 };

function addGathered(
  hist: Float64Array,
  layout: Layout,
  idx: Uint32Array,
  start: number,
  end: number,
  gh: Float32Array,
) {
  const { rowStart, entries } = layout;
  let g = 0;
  let h = 0;
  let touched = 0;
  for (let block = start; block < end; block += BLOCK) {
    const n = Math.min(BLOCK, end - block);
    // Independent loads only (each row's first and last entries are read to bring their cache lines in).
    for (let o = 0; o < n; o++) {
      const i = idx[block + o];
      const first = rowStart[i];
      const last = rowStart[i + 1];
      firsts[o] = first;
      lasts[o] = last;
      blockGh[2 * o] = gh[2 * i];
      blockGh[2 * o + 1] = gh[2 * i + 1];
      if (last > first) touched ^= entries[first] ^ entries[last - 1];
    }
    for (let o = 0; o < n; o++) {
      g += blockGh[2 * o];
      h += blockGh[2 * o + 1];
      addEntries(hist, entries, firsts[o], lasts[o], blockGh[2 * o], blockGh[2 * o + 1]);
    }
  }
  sink.value = touched;
  return { g, h };
}
