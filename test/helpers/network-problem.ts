// A small labelled problem for the network's tests: churn depends on input 0, spend on input 1.
import { mulberry32 } from '../../models/random.ts';

export function networkProblem(rows: number, cols: number, seed: number) {
  const random = mulberry32(seed);
  const data = Float32Array.from({ length: rows * cols }, () => random() * 2 - 1);
  const churned = new Float32Array(rows);
  const value = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    churned[i] = random() < 1 / (1 + Math.exp(-2 * data[i * cols])) ? 1 : 0;
    value[i] = random() < 0.6 ? Math.exp(3 + data[i * cols + 1] + 0.5 * (random() - 0.5)) : 0;
  }
  return { x: { data, rows, cols }, labels: { churned, value } };
}
