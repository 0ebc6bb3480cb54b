// Scores a matrix in chunks: churn probability and expected value under the ZILN head.
import * as tf from '@tensorflow/tfjs';
import { zilnExpectedValue } from './loss.ts';
import { chunks, type Matrix } from './matrix.ts';
import { OUTPUT_UNITS } from './model.ts';

export interface Predictions {
  churnProb: Float64Array;
  value: Float64Array;
}

export function predictNetwork(model: tf.LayersModel, input: Matrix, chunkSize = 16384): Predictions {
  const churnProb = new Float64Array(input.rows);
  const value = new Float64Array(input.rows);
  forEachOutput(model, input, chunkSize, (row, raw, o) => {
    churnProb[row] = 1 / (1 + Math.exp(-raw[o]));
    value[row] = zilnExpectedValue(raw[o + 1], raw[o + 2], raw[o + 3]);
  });
  return { churnProb, value };
}

/** The network's raw outputs, a chunk of rows at a time: `use(row, raw, offset)` reads OUTPUT_UNITS from offset. */
export function forEachOutput(
  model: tf.LayersModel,
  input: Matrix,
  chunkSize: number,
  use: (row: number, raw: Float32Array, offset: number) => void,
): void {
  for (const [start, end] of chunks(input.rows, chunkSize)) {
    const out = tf.tidy(() => {
      const x = tf.tensor2d(input.data.subarray(start * input.cols, end * input.cols), [end - start, input.cols]);
      return model.predict(x, { batchSize: end - start }) as tf.Tensor;
    });
    const raw = out.dataSync() as Float32Array;
    out.dispose();
    for (let i = 0; i < end - start; i++) use(start + i, raw, i * OUTPUT_UNITS);
  }
}
