/** Throughput of one benchmarked function. */
export interface Measurement {
  readonly opsPerSecond: number;
  readonly iterations: number;
}

type Run = (index: number) => Promise<unknown>;

/**
 * Measures two functions doing the same work, alternating rounds (A, B, A, B...) so that a noisy
 * neighbour slows both alike, after a warm-up of each. Keeps the best round of each: the least
 * disturbed one.
 */
export async function compare(iterations: number, a: Run, b: Run, rounds = 5): Promise<[Measurement, Measurement]> {
  for (const run of [a, b]) for (let i = 0; i < Math.ceil(iterations / 5); i++) await run(i);
  const best = [0, 0];
  for (let round = 0; round < rounds; round++) {
    for (const [slot, run] of [a, b].entries()) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < iterations; i++) await run(i);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      best[slot] = Math.max(best[slot] ?? 0, iterations / seconds);
    }
  }
  return [
    { opsPerSecond: best[0] ?? 0, iterations },
    { opsPerSecond: best[1] ?? 0, iterations },
  ];
}
