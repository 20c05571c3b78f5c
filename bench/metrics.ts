/**
 * The benchmark's measures, as pure functions: percentiles of latencies, and the quality of a
 * ranked list against gold answers (recall@k, mean reciprocal rank).
 */

/** Nearest-rank percentile of `values` (0 for none); `p` in [0, 100]. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** `x` rounded to `digits` decimals. */
export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * The 1-based rank of the first item of `ranked` that `isGold` accepts, or null when none is.
 * (One question counts once, however many gold items it has.)
 */
export function firstGoldRank<T>(ranked: readonly T[], isGold: (item: T) => boolean): number | null {
  const i = ranked.findIndex(isGold);
  return i < 0 ? null : i + 1;
}

/** Share of questions whose first gold hit is at rank ≤ k (null ranks are misses). */
export function recallAt(ranks: readonly (number | null)[], k: number): number {
  if (ranks.length === 0) return 0;
  return ranks.filter((r) => r !== null && r <= k).length / ranks.length;
}

/** Mean reciprocal rank: the mean of 1/rank, a miss counting 0. */
export function meanReciprocalRank(ranks: readonly (number | null)[]): number {
  if (ranks.length === 0) return 0;
  return ranks.reduce<number>((sum, r) => sum + (r === null ? 0 : 1 / r), 0) / ranks.length;
}

/** Latency summary of one engine: p50, p95 (ms) and queries per second over `seconds`. */
export function latencySummary(
  latenciesMs: readonly number[],
  seconds: number,
): { p50_ms: number; p95_ms: number; qps: number } {
  return {
    p50_ms: round(percentile(latenciesMs, 50), 3),
    p95_ms: round(percentile(latenciesMs, 95), 3),
    qps: Math.round(latenciesMs.length / Math.max(seconds, 1e-9)),
  };
}
