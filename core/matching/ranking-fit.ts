/**
 * A linear ranking model with non-negative coefficients, fitted by full-batch gradient descent with L2.
 * Non-negative because the pair score is a weighted mean whose weights must be >= 0: a component that
 * predicts against co-writing gets weight 0 rather than a sign the score cannot express.
 */

export interface RankingOptions {
  /** Gradient steps (default 400). */
  iterations?: number;
  /** Step size on features scaled to unit mean square (default 1). */
  learningRate?: number;
  /** L2 penalty on the scaled coefficients (default 0.01). */
  l2?: number;
}

export interface RankingModel {
  /** One coefficient per feature column, on the caller's (unscaled) features; all >= 0. */
  coefficients: number[];
}

/** Area under the ROC curve: the chance a random positive outscores a random negative (ties count half). */
export function areaUnderRoc(scores: readonly number[], labels: readonly boolean[]): number {
  const order = scores.map((score, i) => ({ score, label: labels[i]! })).sort((a, b) => a.score - b.score);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]!.score === order[i]!.score) j += 1;
    const meanRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k += 1) {
      if (order[k]!.label) {
        rankSum += meanRank;
        positives += 1;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** One anchor's candidate list: feature rows and which of them it went on to write with. */
export interface RankingGroup {
  rows: readonly (readonly number[])[];
  isPositive: readonly boolean[];
}

/**
 * Listwise ranking (sampled softmax): for each anchor, every true partner should take the largest
 * share of exp(score) over the anchor's candidate list, score = sum c_i x_i with c_i >= 0. The softmax
 * is dominated by the highest-scored candidates, so the fit attends to the top of each list, which is
 * what `/pair` shows. L2 on the (unit-mean-square scaled) coefficients; full-batch gradient descent.
 *
 * @example
 * fitSoftmaxRanking([{ rows: [[1, 0], [0, 1]], isPositive: [true, false] }]).coefficients // [c0 > c1]
 */
export function fitSoftmaxRanking(
  groups: readonly RankingGroup[],
  options: RankingOptions = {},
): RankingModel {
  const columns = groups.find((group) => group.rows.length > 0)?.rows[0]?.length ?? 0;
  let count = 0;
  const scale = new Array<number>(columns).fill(0);
  for (const group of groups) {
    for (const row of group.rows) for (let i = 0; i < columns; i += 1) scale[i]! += row[i]! ** 2;
    count += group.rows.length;
  }
  for (let i = 0; i < columns; i += 1) scale[i] = Math.sqrt(scale[i]! / Math.max(1, count)) || 1;
  // Flat typed rows: the loop below runs iterations x rows x columns times.
  const scaled = groups
    .filter((group) => group.isPositive.some(Boolean) && group.isPositive.some((is) => !is))
    .map((group) => {
      const x = new Float64Array(group.rows.length * columns);
      for (const [r, row] of group.rows.entries())
        for (let i = 0; i < columns; i += 1) x[r * columns + i] = row[i]! / scale[i]!;
      return {
        x,
        size: group.rows.length,
        isPositive: Uint8Array.from(group.isPositive, (is) => (is ? 1 : 0)),
        positives: group.isPositive.filter(Boolean).length,
      };
    });
  const totalPositives = scaled.reduce((total, group) => total + group.positives, 0);
  if (totalPositives === 0) throw new Error('fitSoftmaxRanking needs a group with a positive and a negative');
  const { iterations = 400, learningRate = 1, l2 = 0.01 } = options;
  const w = new Float64Array(columns);
  const gradient = new Float64Array(columns);
  let scores = new Float64Array(0);
  for (let step = 0; step < iterations; step += 1) {
    for (let i = 0; i < columns; i += 1) gradient[i] = l2 * w[i]!;
    for (const { x, size, isPositive, positives } of scaled) {
      if (scores.length < size) scores = new Float64Array(size);
      let max = Number.NEGATIVE_INFINITY;
      for (let r = 0; r < size; r += 1) {
        let z = 0;
        for (let i = 0; i < columns; i += 1) z += w[i]! * x[r * columns + i]!;
        scores[r] = z;
        if (z > max) max = z;
      }
      let denominator = 0;
      for (let r = 0; r < size; r += 1) {
        scores[r] = Math.exp(scores[r]! - max);
        denominator += scores[r]!;
      }
      // d/dw of sum over positives p of (log-sum-exp - s_p) = positives * E_softmax[x] - sum_p x_p.
      for (let r = 0; r < size; r += 1) {
        const coefficient = (positives * (scores[r]! / denominator) - isPositive[r]!) / totalPositives;
        for (let i = 0; i < columns; i += 1) gradient[i]! += coefficient * x[r * columns + i]!;
      }
    }
    for (let i = 0; i < columns; i += 1) w[i] = Math.max(0, w[i]! - learningRate * gradient[i]!);
  }
  return { coefficients: Array.from(w, (value, i) => value / scale[i]!) };
}
