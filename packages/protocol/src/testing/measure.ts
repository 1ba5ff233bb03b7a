/** One figure as a benchmark reports it; scripts/bench.ts adds the ratio and prints it. */
export interface BenchFigure {
  name: string
  value: number
  unit: string
  /** The physical limit or raw-library rate measured in the same run, same unit. */
  baseline?: number
  /** For costs (seconds, bytes): the ratio is then baseline / value, so ≥ 1 still means "at the goal". */
  lowerIsBetter?: boolean
}

export type BenchReport = (figure: BenchFigure) => void

/**
 * Calls `op` in batches until `minMs` have passed (after a warm-up) and returns operations per
 * second. `op` returns how many operations it did, so batched work can be measured too.
 */
export async function measureRate(
  op: () => number | Promise<number>,
  opts: { minMs?: number; warmupMs?: number } = {},
): Promise<number> {
  const { minMs = 1500, warmupMs = 300 } = opts
  const run = async (ms: number) => {
    const start = process.hrtime.bigint()
    const limit = BigInt(ms) * 1_000_000n
    let count = 0
    let elapsed = 0n
    while (elapsed < limit) {
      count += await op()
      elapsed = process.hrtime.bigint() - start
    }
    return (count * 1e9) / Number(elapsed)
  }
  await run(warmupMs)
  return run(minMs)
}
