// A dense row-major float32 matrix with its shape: what the network consumes.
export interface Matrix {
  data: Float32Array;
  rows: number;
  cols: number;
}

/** Yields [start, end) row ranges of at most `size` rows. */
export function* chunks(rows: number, size: number): Generator<[number, number]> {
  for (let start = 0; start < rows; start += size) yield [start, Math.min(rows, start + size)];
}
