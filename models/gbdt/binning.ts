// Bin edges of one column from the training rows, as scikit-learn's HistGradientBoosting places them:
// midpoints between distinct values when there are few enough, otherwise "midpoint" quantiles; and the
// bin of every value. NaN is left out here: it gets a bin of its own (see layout.ts).

/** Largest magnitude of an edge: keeps midpoints finite when a column holds infinities. */
const ALMOST_INF = 1e300;

/** Ascending, strictly increasing edges (at most maxBins - 1) from the sorted non-NaN values given. */
export function findEdges(sorted: Float64Array, maxBins: number): Float64Array {
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length && distinct.length <= maxBins; i++)
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(clamp(sorted[i]));
  const edges: number[] = [];
  if (distinct.length <= maxBins) {
    for (let i = 1; i < distinct.length; i++) edges.push((distinct[i - 1] + distinct[i]) / 2);
    return Float64Array.from(edges);
  }
  const n = sorted.length;
  for (let k = 1; k < maxBins; k++) {
    const at = (k / maxBins) * (n - 1);
    const edge = (clamp(sorted[Math.floor(at)]) + clamp(sorted[Math.ceil(at)])) / 2;
    // Ties make equal quantiles; an empty bin carries nothing, so each edge is kept once.
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  return Float64Array.from(edges);
}

const clamp = (v: number) => (v < -ALMOST_INF ? -ALMOST_INF : v > ALMOST_INF ? ALMOST_INF : v);

/** Bin of a value: the first b with value <= edges[b], edges.length past the last edge (not for NaN). */
export function binOf(edges: Float64Array, value: number, lo = 0, hi = edges.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Unsigned key whose order is the order of the float32 values (NaN aside). */
export const floatKey = (bits: number) => (bits & 0x80000000 ? ~bits : bits | 0x80000000) >>> 0;

/**
 * Bins of many values at once. A binary search per value mispredicts a branch at every step; instead a
 * table over the top 16 bits of each value's order key gives the bin range of its neighbourhood, usually
 * a single bin, and the search runs only inside that range.
 */
export class Binner {
  private readonly table = new Uint16Array(65537);
  constructor(private readonly edges: Float64Array) {
    const word = new Uint32Array(1);
    const value = new Float32Array(word.buffer);
    let b = 0;
    for (let p = 0; p < 65536; p++) {
      // The smallest float with this key prefix; keys rise with values, so b only moves up.
      const key = p << 16;
      word[0] = key & 0x80000000 ? key ^ 0x80000000 : ~key;
      while (b < edges.length && edges[b] < value[0]) b++;
      this.table[p] = b;
    }
    this.table[65536] = edges.length;
  }
  /** `bits` is the float32 value's bit pattern (the same number seen as a Uint32). */
  bin(value: number, bits: number): number {
    const p = floatKey(bits) >>> 16;
    return binOf(this.edges, value, this.table[p], this.table[p + 1]);
  }
}

/** Every k-th of `count` items (k = ceil(count / most)): a deterministic, evenly spread subsample. */
export function strideSample(count: number, most: number): Uint32Array {
  const step = Math.max(1, Math.ceil(count / Math.max(most, 1)));
  const out = new Uint32Array(Math.ceil(count / step));
  for (let k = 0; k < out.length; k++) out[k] = k * step;
  return out;
}

/** The non-NaN float32 values given, ascending (a two-pass radix sort on their order keys). */
export function sortFloat32(bits: Uint32Array): Float64Array {
  const n = bits.length;
  let keys = new Uint32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const b = bits[i];
    // NaN: exponent all ones and a non-zero mantissa.
    if ((b & 0x7f800000) === 0x7f800000 && (b & 0x007fffff) !== 0) continue;
    keys[m++] = floatKey(b);
  }
  keys = keys.subarray(0, m);
  let other = new Uint32Array(m);
  for (const shift of [0, 16]) {
    const counts = new Uint32Array(65537);
    for (let i = 0; i < m; i++) counts[((keys[i] >>> shift) & 0xffff) + 1]++;
    for (let d = 0; d < 65536; d++) counts[d + 1] += counts[d];
    for (let i = 0; i < m; i++) other[counts[(keys[i] >>> shift) & 0xffff]++] = keys[i];
    [keys, other] = [other, keys];
  }
  const word = new Uint32Array(1);
  const value = new Float32Array(word.buffer);
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const k = keys[i];
    word[0] = k & 0x80000000 ? k ^ 0x80000000 : ~k;
    out[i] = value[0];
  }
  return out;
}
