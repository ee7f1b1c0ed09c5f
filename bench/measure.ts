/** Throughput of one benchmarked function. */
export interface Measurement {
  /** At the median round. */
  readonly opsPerSecond: number;
  readonly iterations: number;
}

/** Two functions doing the same work, measured in the same run. */
export interface Comparison {
  readonly a: Measurement;
  readonly b: Measurement;
  /** Time of `a` over time of `b`: the median of the rounds' ratios. */
  readonly ratio: number;
}

type Run = (index: number) => Promise<unknown>;

/**
 * Measures two functions doing the same work, in pairs of rounds (A then B, then B then A...) so
 * that a noisy neighbour slows both alike, after a warm-up of each. Time is the process's CPU time
 * (user and system, every thread: the garbage collector's and the compiler's count), so time spent
 * waiting for a core on a shared machine does not. Reports medians: the ratio is the median of
 * the pairs' ratios, which a disturbed round moves least.
 */
export async function compare(iterations: number, a: Run, b: Run, rounds = 9): Promise<Comparison> {
  for (const run of [a, b]) for (let i = 0; i < Math.ceil(iterations / 5); i++) await run(i);
  const seconds: [number[], number[]] = [[], []];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const);
    for (const slot of order) {
      const run = slot === 0 ? a : b;
      const start = process.cpuUsage();
      for (let i = 0; i < iterations; i++) await run(i);
      const used = process.cpuUsage(start);
      seconds[slot].push((used.user + used.system) / 1e6);
    }
  }
  const [timesA, timesB] = seconds;
  return {
    a: { opsPerSecond: iterations / median(timesA), iterations },
    b: { opsPerSecond: iterations / median(timesB), iterations },
    ratio: median(timesA.map((time, round) => time / (timesB[round] ?? Number.NaN))),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
