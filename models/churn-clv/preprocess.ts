// Turns feature columns into the model's input matrix: log1p for heavy-tailed columns, standardisation
// with statistics from the training rows, one-hot for categorical attributes. The fitted state is plain
// JSON saved beside the model, so scoring applies exactly the same transform.

export interface NumericColumnSpec {
  name: string;
  log: boolean;
}

export interface Preprocessor {
  numeric: { name: string; log: boolean; mean: number; std: number }[];
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
): Preprocessor {
  const numeric = numericSpecs.map(({ name, log }) => {
    const column = requireColumn(data.numeric, name);
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < column.length; i++) {
      const v = log ? Math.log1p(Math.max(column[i], 0)) : column[i];
      sum += v;
      sumSq += v * v;
    }
    const n = Math.max(column.length, 1);
    const mean = sum / n;
    const std = Math.sqrt(Math.max(sumSq / n - mean * mean, 0));
    // A constant column carries no signal; std 1 keeps it at zero rather than dividing by zero.
    return { name, log, mean, std: std > 1e-9 ? std : 1 };
  });
  const categorical = categoricalNames.map((name) => {
    const values = [...new Set(Array.from(requireColumn(data.categorical, name)))].filter((v) => v !== '').sort();
    return { name, values };
  });
  return { numeric, categorical };
}

export function inputNames(pre: Preprocessor): string[] {
  return [...pre.numeric.map((c) => c.name), ...pre.categorical.flatMap((c) => c.values.map((v) => `${c.name}=${v}`))];
}

/** Row-major float32 matrix, rows x inputNames(pre).length. Unseen category values encode as all zeros. */
export function transform(pre: Preprocessor, data: FeatureColumns, rows: number): Float32Array {
  const width = inputNames(pre).length;
  const out = new Float32Array(rows * width);
  pre.numeric.forEach(({ name, log, mean, std }, j) => {
    const column = requireColumn(data.numeric, name);
    for (let i = 0; i < rows; i++) {
      const v = log ? Math.log1p(Math.max(column[i], 0)) : column[i];
      out[i * width + j] = (v - mean) / std;
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
  return out;
}

function requireColumn<T>(columns: Record<string, T>, name: string): T {
  const column = columns[name];
  if (column === undefined) throw new Error(`missing feature column: ${name}`);
  return column;
}
