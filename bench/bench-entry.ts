/** Options every benchmark entry receives from `npm run bench`. */
export interface BenchOptions {
  /** `--quick`: a smaller size for a smoke check (the whole run under 2 minutes) */
  quick: boolean;
  /** `--events N`: ledger size for the full run (default 1,000,000) */
  events: number;
  /** scratch directory for this run's files, removed afterwards */
  workDir: string;
}

/**
 * One row of bench/results/latest.json. Each entry measures its figure and, in the same run, the
 * baseline of benchmarks.md, and reports both with their ratio.
 */
export interface BenchEntry {
  key: string;
  description: string;
  run(options: BenchOptions): Promise<Record<string, number | string>>;
}

/** Percentile over all samples (nearest-rank), in the samples' unit. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Seconds since `start` (from process.hrtime.bigint()). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
