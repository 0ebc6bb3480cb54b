// The training rows as bins, once. Columns are gathered into histogram groups: one column, or a bundle
// of 0/1 columns that are never 1 on the same row (one-hot categories, as LightGBM's exclusive feature
// bundling), so a bundle costs one histogram update per row instead of one per column. A column with a
// single value and no NaN can never split and gets no group. Two copies of the bins:
//   - per row, only the groups whose bin is not the group's most frequent one (compressed rows, values
//     are histogram bin indices): histograms skip the most frequent bins and recover them from the
//     node's totals;
//   - per group, a byte a row (the bin within the group): partitioning a node reads one group only.
import { Binner, findEdges, sortFloat32, strideSample } from './binning.ts';

/** Where a column's bins are in the histogram. */
export interface ColumnSlot {
  /** -1: a constant column (no split possible). */
  group: number;
  /** First histogram bin of the column's group. */
  offset: number;
  /** A member of a bundle of 0/1 columns; otherwise bins 0..edges.length hold values, edges.length + 1 NaN. */
  bundled: boolean;
  /** Bundled: the bin within the group where this column is 1. */
  onBin: number;
  /** NaN seen among the training rows (decides whether splits try sending NaN left). */
  hasMissing: boolean;
}

export interface Layout {
  rows: number;
  cols: number;
  groups: number;
  /** Histogram bins over all groups. */
  totalBins: number;
  edges: Float64Array[];
  columns: ColumnSlot[];
  /** First histogram bin, bin count and most frequent bin (histogram index) of each group. */
  groupOffset: Int32Array;
  groupBins: Int32Array;
  groupDefault: Int32Array;
  /** Row i's non-default bins are entries[rowStart[i] .. rowStart[i + 1]). */
  rowStart: Uint32Array;
  entries: Uint16Array | Uint32Array;
  /** Per group, the bin within the group of every row. */
  groupColumns: Uint8Array[];
}

/** Bins a group may have: its bins within the group must fit a byte. */
const MAX_GROUP_BINS = 256;

/**
 * Bins the rows `take` of a row-major matrix (the training rows, after any subsampling).
 * Edges come from every k-th of those rows, at most `binSampleRows` of them.
 */
export function buildLayout(
  x: Float32Array,
  cols: number,
  take: Uint32Array,
  maxBins: number,
  binSampleRows: number,
): Layout {
  // Every pass reads the row-major matrix row by row: reading it a column at a time misses the cache
  // on every value.
  const rows = take.length;
  const bits = new Uint32Array(x.buffer, x.byteOffset, x.length);
  const sample = strideSample(rows, binSampleRows);
  const sampleBits = Array.from({ length: cols }, () => new Uint32Array(sample.length));
  for (let k = 0; k < sample.length; k++) {
    const base = take[sample[k]] * cols;
    for (let j = 0; j < cols; j++) sampleBits[j][k] = bits[base + j];
  }
  const edges = sampleBits.map((column) => findEdges(sortFloat32(column), maxBins));
  const hasMissing = new Uint8Array(cols);
  const notZeroOne = new Uint8Array(cols);
  for (let i = 0; i < rows; i++) {
    const base = take[i] * cols;
    for (let j = 0; j < cols; j++) {
      const v = x[base + j];
      if (v !== v) hasMissing[j] = 1;
      else if (v !== 0 && v !== 1) notZeroOne[j] = 1;
    }
  }
  const binary = Array.from({ length: cols }, (_, j) => j).filter(
    (j) => !hasMissing[j] && !notZeroOne[j] && edges[j].length === 1,
  );

  // Groups: the bundles first, then every other column that can split on its own.
  const bundles = bundleColumns(x, cols, take, binary);
  const columns: ColumnSlot[] = Array.from({ length: cols }, (_, j) => ({
    group: -1,
    offset: 0,
    bundled: false,
    onBin: 0,
    hasMissing: hasMissing[j] === 1,
  }));
  const groupBins: number[] = [];
  for (const members of bundles) {
    members.forEach((j, m) => Object.assign(columns[j], { group: groupBins.length, bundled: true, onBin: m + 1 }));
    groupBins.push(members.length + 1);
  }
  for (let j = 0; j < cols; j++) {
    if (columns[j].bundled || (edges[j].length === 0 && !hasMissing[j])) continue;
    columns[j].group = groupBins.length;
    groupBins.push(edges[j].length + 2);
  }
  const groups = groupBins.length;
  const groupOffset = new Int32Array(groups);
  let totalBins = 0;
  groupBins.forEach((n, g) => {
    groupOffset[g] = totalBins;
    totalBins += n;
  });
  for (const c of columns) if (c.group >= 0) c.offset = groupOffset[c.group];

  const groupColumns = Array.from({ length: groups }, () => new Uint8Array(rows));
  const numeric = columns.map((c, j) => j).filter((j) => columns[j].group >= 0 && !columns[j].bundled);
  const binners = numeric.map((j) => new Binner(edges[j]));
  const targets = numeric.map((j) => groupColumns[columns[j].group]);
  const missingBins = numeric.map((j) => edges[j].length + 1);
  const bundled = columns.map((c, j) => j).filter((j) => columns[j].bundled);
  for (let i = 0; i < rows; i++) {
    const base = take[i] * cols;
    for (let n = 0; n < numeric.length; n++) {
      const at = base + numeric[n];
      const v = x[at];
      targets[n][i] = v !== v ? missingBins[n] : binners[n].bin(v, bits[at]);
    }
    for (const j of bundled) if (x[base + j] === 1) groupColumns[columns[j].group][i] = columns[j].onBin;
  }
  const groupDefault = Int32Array.from(
    groupColumns,
    (column, g) => groupOffset[g] + mostFrequent(column, groupBins[g]),
  );
  const { rowStart, entries } = compressRows(groupColumns, groupOffset, groupDefault, rows, totalBins);
  return {
    rows,
    cols,
    groups,
    totalBins,
    edges,
    columns,
    groupOffset,
    groupBins: Int32Array.from(groupBins),
    groupDefault,
    rowStart,
    entries,
    groupColumns,
  };
}

function mostFrequent(column: Uint8Array, bins: number): number {
  const counts = new Uint32Array(bins);
  for (let i = 0; i < column.length; i++) counts[column[i]]++;
  let best = 0;
  for (let b = 1; b < bins; b++) if (counts[b] > counts[best]) best = b;
  return best;
}

function compressRows(
  groupColumns: Uint8Array[],
  groupOffset: Int32Array,
  groupDefault: Int32Array,
  rows: number,
  totalBins: number,
) {
  const groups = groupColumns.length;
  const local = Int32Array.from(groupDefault, (d, g) => d - groupOffset[g]);
  const rowStart = new Uint32Array(rows + 1);
  for (let g = 0; g < groups; g++) {
    const column = groupColumns[g];
    const d = local[g];
    for (let i = 0; i < rows; i++) if (column[i] !== d) rowStart[i + 1]++;
  }
  for (let i = 0; i < rows; i++) rowStart[i + 1] += rowStart[i];
  const entries = totalBins <= 0xffff ? new Uint16Array(rowStart[rows]) : new Uint32Array(rowStart[rows]);
  const fill = rowStart.slice(0, rows);
  for (let g = 0; g < groups; g++) {
    const column = groupColumns[g];
    const d = local[g];
    const offset = groupOffset[g];
    for (let i = 0; i < rows; i++) if (column[i] !== d) entries[fill[i]++] = offset + column[i];
  }
  return { rowStart, entries };
}

/** Greedy bundles (in column order) of 0/1 columns that are never 1 on the same row; singletons dropped. */
function bundleColumns(x: Float32Array, cols: number, take: Uint32Array, binary: number[]): number[][] {
  const rows = take.length;
  const ones = binary.map(() => new Uint8Array(rows));
  for (let i = 0; i < rows; i++) {
    const base = take[i] * cols;
    for (let c = 0; c < binary.length; c++) ones[c][i] = x[base + binary[c]];
  }
  const bundles: { members: number[]; used: Uint8Array }[] = [];
  binary.forEach((j, c) => {
    const column = ones[c];
    const home = bundles.find((b) => b.members.length < MAX_GROUP_BINS - 1 && !overlaps(b.used, column));
    const bundle = home ?? { members: [], used: new Uint8Array(rows) };
    if (!home) bundles.push(bundle);
    bundle.members.push(j);
    for (let i = 0; i < rows; i++) bundle.used[i] |= column[i];
  });
  return bundles.filter((b) => b.members.length > 1).map((b) => b.members);
}

function overlaps(used: Uint8Array, column: Uint8Array): boolean {
  for (let i = 0; i < used.length; i++) if ((used[i] & column[i]) === 1) return true;
  return false;
}
