/**
 * The local, deterministic embedder: feature hashing (FNV-1a, signed) of a profile's structured features
 * into a fixed number of dimensions, L2-normalised. No model, no network, same input -> same vector.
 */
import type { Embedder, EmbeddingInput, WeightedFeature } from './embedder.port.ts';
import { l2Normalise } from './vector.math.ts';

export const DEFAULT_EMBEDDING_DIMENSIONS = 256;

/** 32-bit FNV-1a over UTF-16 code units: stable across runs and platforms. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Signed feature hashing: the sign bit keeps collisions from adding up in one direction. */
export function hashFeatures(
  features: readonly WeightedFeature[],
  dimensions = DEFAULT_EMBEDDING_DIMENSIONS,
): Float32Array {
  const vector = new Float32Array(dimensions);
  for (const { name, weight } of features) {
    const hash = fnv1a32(name);
    const sign = hash & 0x80000000 ? -1 : 1;
    vector[hash % dimensions]! += sign * weight;
  }
  return l2Normalise(vector);
}

/** Text fallback when a caller gives no features: word tokens as features. */
function textFeatures(text: string): WeightedFeature[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map((word) => ({ name: `word:${word}`, weight: 1 }));
}

export function embedSync(input: EmbeddingInput, dimensions = DEFAULT_EMBEDDING_DIMENSIONS): Float32Array {
  return hashFeatures(input.features.length > 0 ? input.features : textFeatures(input.text), dimensions);
}

/**
 * @example
 * const embedder = localHashedEmbedder();
 * embedder.id // 'local-hashed-fnv1a-v1/256'
 */
export function localHashedEmbedder(options: { dimensions?: number } = {}): Embedder {
  const dimensions = options.dimensions ?? DEFAULT_EMBEDDING_DIMENSIONS;
  return {
    id: `local-hashed-fnv1a-v1/${dimensions}`,
    dimensions,
    embed: async (inputs) => inputs.map((input) => embedSync(input, dimensions)),
  };
}
