// Chooses the TensorFlow.js backend: tfjs-node when it loads (native, fastest), else wasm, else cpu.
// CHURN_TF_BACKEND=node|wasm|cpu pins one (tests pin wasm: weights differ bitwise across backends).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

let chosen: Promise<BackendName> | undefined;

/** Initialises the backend once per process and returns its name. */
export function initBackend(preferred = process.env.CHURN_TF_BACKEND): Promise<BackendName> {
  chosen ??= choose(preferred);
  return chosen;
}

async function choose(preferred: string | undefined): Promise<BackendName> {
  const order: BackendName[] =
    preferred === 'cpu' ? ['cpu'] : preferred === 'wasm' ? ['wasm', 'cpu'] : ['tensorflow', 'wasm', 'cpu'];
  for (const name of order) {
    if (await tryBackend(name)) return name;
  }
  throw new Error('no TensorFlow.js backend could be initialised');
}

async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === 'tensorflow') {
      // Optional dependency: absent or half-installed (no native binary) on machines without internet.
      const optional = '@tensorflow/tfjs-node';
      await import(optional);
    } else if (name === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const require = createRequire(import.meta.url);
      wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
    }
    // setBackend resolves false (rather than throwing) when a backend fails to initialise.
    return (await tf.setBackend(name)) && tf.getBackend() === name;
  } catch {
    return false;
  }
}
