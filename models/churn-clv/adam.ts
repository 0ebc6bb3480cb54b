// Adam on plain Float32Arrays, rounding to float32 after every operation in the order tfjs's
// AdamOptimizer runs its ops (tfjs-core 4.x, epsilon = the float32 backend's 1e-7), so it updates
// the weights exactly as tf.train.adam does on a float32 backend. In JS because tfjs spends ~12
// small tensor ops per variable per step on it, and on wasm each op costs more in dispatch than the
// arithmetic of a few thousand weights.
const f = Math.fround;

export class Adam {
  private readonly b1: number;
  private readonly b2: number;
  private readonly c1: number;
  private readonly c2: number;
  private readonly epsilon: number;
  private readonly step: number;
  private acc1: number;
  private acc2: number;
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];

  constructor(sizes: readonly number[], learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7) {
    this.b1 = f(beta1);
    this.b2 = f(beta2);
    this.c1 = f(1 - beta1);
    this.c2 = f(1 - beta2);
    this.epsilon = f(epsilon);
    this.step = f(-learningRate);
    this.acc1 = this.b1;
    this.acc2 = this.b2;
    this.m = sizes.map((n) => new Float32Array(n));
    this.v = sizes.map((n) => new Float32Array(n));
  }

  /** One update of every weight array in place, from its gradient. */
  apply(weights: Float32Array[], gradients: ArrayLike<number>[]): void {
    const { b1, b2, c1, c2, epsilon, step } = this;
    const corr1 = f(1 - this.acc1);
    const corr2 = f(1 - this.acc2);
    weights.forEach((w, i) => {
      const g = gradients[i];
      const m = this.m[i];
      const v = this.v[i];
      for (let k = 0; k < w.length; k++) {
        const gk = g[k];
        const mk = f(f(m[k] * b1) + f(gk * c1));
        const vk = f(f(v[k] * b2) + f(f(gk * gk) * c2));
        m[k] = mk;
        v[k] = vk;
        const mHat = f(mk / corr1);
        const vHat = f(vk / corr2);
        w[k] = f(f(f(mHat / f(f(Math.sqrt(vHat)) + epsilon)) * step) + w[k]);
      }
    });
    this.acc1 = f(this.acc1 * b1);
    this.acc2 = f(this.acc2 * b2);
  }
}
