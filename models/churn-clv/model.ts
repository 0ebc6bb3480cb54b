// The multi-task network: shared dense trunk, one linear output layer with 4 units
// [churnLogit, valueLogit, valueLoc, valueScaleRaw]. Initialisers are seeded so training is repeatable.
import * as tf from '@tensorflow/tfjs';
import { multiTaskLoss, softplusInverse } from './loss.ts';

export interface NetworkOptions {
  inputDim: number;
  hiddenUnits: number[];
  l2: number;
  learningRate: number;
  valueLossWeight: number;
  /** Class weight of churners in the churn loss (default 1: unweighted). */
  churnPositiveWeight?: number;
  seed: number;
}

export const OUTPUT_UNITS = 4;

export function buildNetwork(options: NetworkOptions): tf.LayersModel {
  const input = tf.input({ shape: [options.inputDim], name: 'features' });
  let x: tf.SymbolicTensor = input;
  options.hiddenUnits.forEach((units, i) => {
    x = tf.layers
      .dense({
        units,
        activation: 'relu',
        name: `hidden_${i + 1}`,
        kernelInitializer: tf.initializers.heNormal({ seed: options.seed + i + 1 }),
        kernelRegularizer: options.l2 > 0 ? tf.regularizers.l2({ l2: options.l2 }) : undefined,
      })
      .apply(x) as tf.SymbolicTensor;
  });
  const output = tf.layers
    .dense({
      units: OUTPUT_UNITS,
      name: 'heads',
      kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed + 100 }),
    })
    .apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output, name: 'churn_clv' });
  compileNetwork(model, options);
  return model;
}

function compileNetwork(
  model: tf.LayersModel,
  options: Pick<NetworkOptions, 'learningRate' | 'valueLossWeight' | 'churnPositiveWeight'>,
): void {
  model.compile({
    optimizer: tf.train.adam(options.learningRate),
    loss: multiTaskLoss(options.valueLossWeight, options.churnPositiveWeight ?? 1),
  });
}

/**
 * Starts the heads at the data's base rates so early epochs are not spent learning an intercept:
 * churn and buy logits at the observed log-odds, the lognormal at the mean/std of log amounts.
 */
export function initialiseHeadBias(
  model: tf.LayersModel,
  stats: { churnRate: number; buyRate: number; logValueMean: number; logValueStd: number },
): void {
  const layer = model.getLayer('heads');
  const [kernel] = layer.getWeights();
  const logit = (p: number) =>
    Math.log(Math.min(Math.max(p, 1e-4), 1 - 1e-4) / (1 - Math.min(Math.max(p, 1e-4), 1 - 1e-4)));
  const bias = tf.tensor1d([
    logit(stats.churnRate),
    logit(stats.buyRate),
    stats.logValueMean,
    softplusInverse(Math.max(stats.logValueStd, 0.05)),
  ]);
  layer.setWeights([kernel, bias]);
  bias.dispose();
}
