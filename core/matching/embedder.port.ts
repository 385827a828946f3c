/** A named feature with a weight, e.g. `{ name: 'genre:alt-pop', weight: 1 }`. */
export interface WeightedFeature {
  name: string;
  weight: number;
}

/**
 * What an embedder may look at: free text (for model embedders) and structured features (for the local
 * hashed embedder). `profileEmbeddingInput` builds both from a profile.
 */
export interface EmbeddingInput {
  text: string;
  features: readonly WeightedFeature[];
}

/**
 * Turns profiles into vectors for nearest-neighbour retrieval (pgvector HNSW or exact cosine).
 * `id` names the model and its version: vectors from different ids are never compared, and a changed id
 * means every stored vector is recomputed.
 *
 * @example
 * const embedder = localHashedEmbedder();
 * const [vector] = await embedder.embed([profileEmbeddingInput(profile)]);
 * await store.saveEmbedding(profile.handle, embedder.id, vector);
 */
export interface Embedder {
  readonly id: string;
  readonly dimensions: number;
  embed(inputs: readonly EmbeddingInput[]): Promise<Float32Array[]>;
}
