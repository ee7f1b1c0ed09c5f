/** Throughput of one benchmarked function. */
export interface Measurement {
  readonly opsPerSecond: number;
  readonly iterations: number;
}

/**
 * Calls `run` `iterations` times after a warm-up of a tenth as many, and reports operations per
 * second of wall time. The best of three rounds is kept, which filters out a noisy neighbour.
 */
export async function measure(iterations: number, run: (index: number) => Promise<unknown>): Promise<Measurement> {
  for (let i = 0; i < Math.ceil(iterations / 10); i++) await run(i);
  let best = 0;
  for (let round = 0; round < 3; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await run(i);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    best = Math.max(best, iterations / seconds);
  }
  return { opsPerSecond: best, iterations };
}
