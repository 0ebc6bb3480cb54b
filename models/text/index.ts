// The text core (issue 20): pure, deterministic, offline. Re-exports only; each file holds one job.
export { normaliseText } from './normalise.ts';
export { detectLanguage, type Detection, type Language } from './language.ts';
export { featureTokens, hanNgrams, wordBigrams, words } from './tokenise.ts';
export { DEFAULT_BUCKETS, bucketOf, hashFeatures, hashToken, type SparseVector } from './hashing.ts';
export { lexiconSentiment, normalisedSentiment, type Sentiment, type SentimentMatch } from './lexicon.ts';
export { hashText, type SparseScratch } from './hashing.ts';
export { analyseTexts, textAnalyser, type TextAnalysis } from './analyse.ts';
export { scoreSentiment, type SerialisedSentiment } from './sentiment-scorer.ts';
// The trainer (it loads TensorFlow.js) is imported from './sentiment-model.ts' directly, so that the
// scoring path stays free of tfjs.
