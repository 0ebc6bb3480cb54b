// Turns feature columns into the model's input matrix: log1p for heavy-tailed columns, standardisation
// with statistics from the training rows, one-hot for categorical attributes. The fitted state is plain
// JSON saved beside the model, so scoring applies exactly the same transform.

export interface NumericColumnSpec {
  name: string;
  log: boolean;
}

export interface Preprocessor {
  /** `edges`: quantile bin edges (on the log1p scale when `log`) of the piecewise-linear encoding. */
  numeric: { name: string; log: boolean; mean: number; std: number; edges?: number[]; min?: number; max?: number }[];
  categorical: { name: string; values: string[] }[];
}

export interface FeatureColumns {
  numeric: Record<string, ArrayLike<number>>;
  categorical: Record<string, ArrayLike<string>>;
}

export function fitPreprocessor(
  data: FeatureColumns,
  numericSpecs: readonly NumericColumnSpec[],
  categoricalNames: readonly string[],
  /** Quantile bins of the piecewise-linear encoding of each numeric column (0: none). */
  bins = 0,
): Preprocessor {
  const numeric = numericSpecs.map(({ name, log }) => {
    const column = requireColumn(data.numeric, name);
    let sum = 0;
    let sumSq = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < column.length; i++) {
      const v = log ? Math.log1p(Math.max(column[i], 0)) : column[i];
      sum += v;
      sumSq += v * v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const n = Math.max(column.length, 1);
    const mean = sum / n;
    const std = Math.sqrt(Math.max(sumSq / n - mean * mean, 0));
    // A constant column carries no signal; std 1 keeps it at zero rather than dividing by zero.
    const edges = bins > 0 ? quantileEdges(column, log, bins) : undefined;
    // The training range, kept so that scoring clamps to it: a snapshot with more history than the
    // training ones (tenure, 365-day counts) must not send linear and exp-link models off to extremes.
    const range = column.length > 0 ? { min, max } : {};
    return { name, log, mean, std: std > 1e-9 ? std : 1, ...range, ...(edges && edges.length > 1 ? { edges } : {}) };
  });
  const categorical = categoricalNames.map((name) => ({
    name,
    values: frequentLevels(requireColumn(data.categorical, name)),
  }));
  return { numeric, categorical };
}

/** Most levels a categorical column is one-hot encoded with; the rarer ones encode as all zeros ("other"). */
export const MAX_LEVELS = 30;
/** With more levels than MAX_LEVELS, a level needs this many rows to get a column of its own. */
const MIN_LEVEL_ROWS = 10;

/** The levels that get a column, sorted: all of them when there are few, else the frequent ones. */
function frequentLevels(column: ArrayLike<string>): string[] {
  const counts = new Map<string, number>();
  for (let i = 0; i < column.length; i++) if (column[i] !== '') counts.set(column[i], (counts.get(column[i]) ?? 0) + 1);
  if (counts.size <= MAX_LEVELS) return [...counts.keys()].sort();
  return [...counts]
    .filter(([, n]) => n >= MIN_LEVEL_ROWS)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_LEVELS)
    .map(([v]) => v)
    .sort();
}

/**
 * Numeric columns, one-hot columns, then the piecewise-linear components (`name=bin1`, ...: named like
 * one-hot inputs so that everything built on `name=` groups, the drivers, finds them).
 */
export function inputNames(pre: Preprocessor): string[] {
  return [
    ...pre.numeric.map((c) => c.name),
    ...pre.categorical.flatMap((c) => c.values.map((v) => `${c.name}=${v}`)),
    ...pre.numeric.flatMap((c) => (c.edges ?? []).slice(1).map((_, t) => `${c.name}=bin${t + 1}`)),
  ];
}

/** Row-major float32 matrix, rows x inputNames(pre).length. Unseen category values encode as all zeros. */
export function transform(pre: Preprocessor, data: FeatureColumns, rows: number): Float32Array {
  const width = inputNames(pre).length;
  const out = new Float32Array(rows * width);
  pre.numeric.forEach(({ name, log, mean, std, min, max }, j) => {
    const column = requireColumn(data.numeric, name);
    const lo = min ?? -Infinity;
    const hi = max ?? Infinity;
    for (let i = 0; i < rows; i++) {
      const v = log ? Math.log1p(Math.max(column[i], 0)) : column[i];
      out[i * width + j] = ((v < lo ? lo : v > hi ? hi : v) - mean) / std;
    }
  });
  let offset = pre.numeric.length;
  for (const { name, values } of pre.categorical) {
    const column = requireColumn(data.categorical, name);
    const index = new Map(values.map((v, k) => [v, k]));
    for (let i = 0; i < rows; i++) {
      const k = index.get(column[i]);
      if (k !== undefined) out[i * width + offset + k] = 1;
    }
    offset += values.length;
  }
  for (const { name, log, edges } of pre.numeric) {
    if (!edges) continue;
    const column = requireColumn(data.numeric, name);
    for (let i = 0; i < rows; i++)
      encodePiecewise(log ? Math.log1p(Math.max(column[i], 0)) : column[i], edges, out, i * width + offset);
    offset += edges.length - 1;
  }
  return out;
}

/**
 * Piecewise-linear encoding (Gorishniy, Rubachev and Babenko 2022, "On Embeddings for Numerical
 * Features in Tabular Deep Learning"): component t is 0 below edge t-1, 1 above edge t, linear in
 * between, so a first layer can bend the response at the data's quantiles as a tree splits there.
 * The standardised value stays an input too, for what lies beyond the training range.
 */
export function encodePiecewise(v: number, edges: readonly number[], out: Float32Array, at: number): void {
  for (let t = 1; t < edges.length; t++) {
    const lo = edges[t - 1];
    const hi = edges[t];
    out[at + t - 1] = v <= lo ? 0 : v >= hi ? 1 : (v - lo) / (hi - lo);
  }
}

/** Distinct quantiles at 0, 1/bins, ..., 1 of the column (a strided sample of at most 65,536 rows). */
export function quantileEdges(column: ArrayLike<number>, log: boolean, bins: number): number[] {
  const stride = Math.max(1, Math.ceil(column.length / 65536));
  const sample: number[] = [];
  for (let i = 0; i < column.length; i += stride) {
    const v = log ? Math.log1p(Math.max(column[i], 0)) : column[i];
    if (Number.isFinite(v)) sample.push(v);
  }
  if (sample.length === 0) return [];
  sample.sort((a, b) => a - b);
  const edges: number[] = [];
  for (let t = 0; t <= bins; t++) {
    const q = sample[Math.min(sample.length - 1, Math.round((t / bins) * (sample.length - 1)))];
    // Counts pile up at 0: tied quantiles collapse into one edge (fewer, wider bins).
    if (edges.length === 0 || q > edges[edges.length - 1]) edges.push(q);
  }
  return edges;
}

function requireColumn<T>(columns: Record<string, T>, name: string): T {
  const column = columns[name];
  if (column === undefined) throw new Error(`missing feature column: ${name}`);
  return column;
}
