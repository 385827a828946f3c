/** Matching: the public surface the command and DB layers call. */
export { EXHAUSTIVE_LIMIT, type RetrievalOptions, retrieveCandidates } from './candidate-retrieval.ts';
export { activityOf } from './creator-signals.ts';
export { diversify, groupSimilarity } from './diversity.ts';
export type { Embedder, EmbeddingInput, WeightedFeature } from './embedder.port.ts';
export { pairReasons } from './explanations.ts';
export {
  DEFAULT_EMBEDDING_DIMENSIONS,
  embedSync,
  fnv1a32,
  hashFeatures,
  localHashedEmbedder,
} from './hashed-features.embedder.ts';
export {
  buildMatchIndex,
  type MatchIndex,
  type MatchInput,
  type PastSession,
  pairKey,
} from './match-index.ts';
export {
  type AvailabilityGate,
  checkGroup,
  type GroupRules,
  type Interval,
  isEligible,
  longestCommonWindow,
  type RuleViolation,
} from './match-rules.ts';
export { DEFAULT_MATCH_WEIGHTS, type MatchWeights, resolveWeights } from './match-weights.ts';
export { answerPairQuery, DEFAULT_VECTOR_K, type PairAnswerPorts } from './pair-answer.ts';
export {
  DEFAULT_MIN_MINUTES,
  DEFAULT_RADIUS_KM,
  DEFAULT_SUGGESTIONS,
  type PairAnswer,
  type PairingDesk,
  type PairMember,
  type PairQuery,
  type PairSuggestion,
  pairAnswerJson,
} from './pair-query.ts';
export {
  type ComponentName,
  type PairScore,
  pairComponents,
  type ScoreComponent,
  scorePair,
} from './pair-score.ts';
export {
  DEFAULT_LIMIT,
  fitOfGroup,
  type GroupFit,
  type PairingOptions,
  rankedPartners,
  type Suggestion,
  suggestPartners,
  suggestTrios,
} from './pairing.pipeline.ts';
export { type CreatorFeatures, creatorFeatures, profileEmbeddingInput } from './profile-features.ts';
export { prepareProfileChannel } from './profile-index.ts';
export { type MatchQuery, suggestForQuery } from './query.pipeline.ts';
export { cosine, l2Normalise } from './vector.math.ts';
