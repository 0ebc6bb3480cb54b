// The text core (issue 20): pure, deterministic, offline. Re-exports only; each file holds one job.
export { normaliseText } from './normalise.ts';
export { detectLanguage, type Detection, type Language } from './language.ts';
export { featureTokens, hanNgrams, wordBigrams, words } from './tokenise.ts';
export { DEFAULT_BUCKETS, bucketOf, hashFeatures, hashToken, type SparseVector } from './hashing.ts';
export { lexiconSentiment, type Sentiment, type SentimentMatch } from './lexicon.ts';
export { analyseTexts, type SerialisedSentiment } from './analyse.ts';
export { labelFromScore, trainSentiment, type HoldoutQuality, type TrainedSentiment } from './sentiment-model.ts';
