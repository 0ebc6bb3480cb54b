// Scoring with a trained sentiment model (sentiment-model.ts) without TensorFlow.js: the plain dot
// product of the model's weights with the text's hashed vector (and the lexicon score, when the model
// takes it), through the logistic function. Worker threads score millions of texts with it, and
// importing it loads no tfjs.
import { hashText } from './hashing.ts';
import { normalisedSentiment } from './lexicon.ts';
import { normaliseText } from './normalise.ts';

/** Bumped whenever the tokens or their hashing change: weights of another version must be refitted. */
export const TOKENIZER_VERSION = 1;
export type SerialisedSentiment = {
  format: 'hashed-logistic';
  tokenizer: number;
  buckets: number;
  /** Whether the lexicon score is an input (weight at index `buckets`). */
  lexicon: boolean;
  seed: number;
  epochs: number;
  bias: number;
  /** Buckets with a non-zero weight, ascending: base64 of little-endian Int32. */
  indices: string;
  /** Their weights: base64 of little-endian Float32. */
  weights: string;
};

export function decode(model: SerialisedSentiment): Float32Array {
  if (model.format !== 'hashed-logistic' || model.tokenizer !== TOKENIZER_VERSION) {
    throw new Error(`sentiment model: format ${model.format} tokenizer ${model.tokenizer} is not this version's`);
  }
  const bytes = (b64: string) => {
    const buf = Buffer.from(b64, 'base64');
    return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  };
  const indices = new Int32Array(bytes(model.indices));
  const values = new Float32Array(bytes(model.weights));
  const dense = new Float32Array(model.buckets + 1);
  indices.forEach((i, k) => (dense[i] = values[k]));
  return dense;
}

/** A scorer of normalised texts: P(positive) from the hashed vector and the model's weights, no tfjs. */
export function sentimentScorer(model: SerialisedSentiment): (normalised: string) => number {
  const weights = decode(model);
  const { bias, buckets, lexicon } = model;
  return (normalised) => {
    const v = hashText(normalised, buckets);
    let z = bias;
    for (let k = 0; k < v.size; k++) z += weights[v.indices[k]] * v.values[k];
    if (lexicon) z += weights[buckets] * Math.fround(normalisedSentiment(normalised).score);
    return 1 / (1 + Math.exp(-z));
  };
}

const scorers = new WeakMap<SerialisedSentiment, (normalised: string) => number>();

/** The scorer of a model object, its weights decoded on first use. */
export function cachedScorer(model: SerialisedSentiment): (normalised: string) => number {
  let scorer = scorers.get(model);
  if (!scorer) scorers.set(model, (scorer = sentimentScorer(model)));
  return scorer;
}

/** P(positive) of one raw text under a trained model. */
export function scoreSentiment(model: SerialisedSentiment, text: string): number {
  return cachedScorer(model)(normaliseText(text));
}
