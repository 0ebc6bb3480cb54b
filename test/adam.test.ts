// The JS Adam used by the training loop updates weights bitwise as tf.train.adam does on wasm.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam } from '../models/churn-clv/adam.ts';
import { initBackend } from '../models/churn-clv/backend.ts';
import { mulberry32 } from '../models/random.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('Adam in plain JS', () => {
  it('gives exactly the weights of tf.train.adam over many steps', () => {
    const random = mulberry32(3);
    const sizes = [7, 12];
    const start = sizes.map((n) => Float32Array.from({ length: n }, () => random() * 2 - 1));
    const variables = start.map((w, i) => tf.variable(tf.tensor1d(w), true, `adam_test_${i}`));
    const tfAdam = tf.train.adam(0.003);
    const jsAdam = new Adam(sizes, 0.003);
    const weights = start.map((w) => Float32Array.from(w));
    for (let step = 0; step < 50; step++) {
      // Gradients over several orders of magnitude, including zeros.
      const grads = sizes.map((n) =>
        Float32Array.from({ length: n }, (_, k) =>
          k === 0 ? 0 : (random() - 0.5) * 10 ** (Math.floor(random() * 8) - 4),
        ),
      );
      tf.tidy(() => tfAdam.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: tf.tensor1d(grads[i]) }))));
      jsAdam.apply(weights, grads);
    }
    variables.forEach((v, i) => expect(Array.from(weights[i])).toEqual(Array.from(v.dataSync())));
    tfAdam.dispose();
    tf.dispose(variables);
  });
});
