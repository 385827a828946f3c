/** Small vector helpers over plain arrays; inputs are never mutated. */
export type Vector = ArrayLike<number>;

export function dot(a: Vector, b: Vector): number {
  let total = 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) total += a[i]! * b[i]!;
  return total;
}

export function norm(a: Vector): number {
  return Math.sqrt(dot(a, a));
}

/** Cosine similarity; 0 when either vector is all zeros. */
export function cosine(a: Vector, b: Vector): number {
  const denominator = norm(a) * norm(b);
  return denominator === 0 ? 0 : dot(a, b) / denominator;
}

/** A unit-length copy (all zeros stay zeros). */
export function l2Normalise(vector: Vector): Float32Array {
  const length = norm(vector);
  const out = new Float32Array(vector.length);
  if (length === 0) return out;
  for (let i = 0; i < vector.length; i += 1) out[i] = vector[i]! / length;
  return out;
}

/** Saturating map of a non-negative amount to 0..1: half way at `half`. */
export function saturate(amount: number, half: number): number {
  return amount <= 0 ? 0 : 1 - 2 ** (-amount / half);
}
