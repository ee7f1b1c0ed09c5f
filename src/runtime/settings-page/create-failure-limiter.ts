/** Counts failed token attempts per client address, and says how long an address must wait. */
export interface FailureLimiter {
  /** 0 when the address may try; otherwise milliseconds until it may again. */
  retryAfterMs(address: string): number;
  recordFailure(address: string): void;
}

/** Options of {@link createFailureLimiter}. */
export interface FailureLimiterOptions {
  readonly now: () => number;
  /** Failures allowed within `windowMs`; the next request waits. Default 10. */
  readonly maxFailures?: number;
  /** Default 15 minutes. */
  readonly windowMs?: number;
  /** Addresses remembered at most; the oldest are forgotten first. Default 10,000. */
  readonly maxAddresses?: number;
}

/**
 * A sliding-window limit on wrong tokens: after `maxFailures` within `windowMs`, every request
 * from that address gets 429 until the oldest of those failures leaves the window. Memory stays
 * bounded by `maxAddresses`.
 */
export function createFailureLimiter(options: FailureLimiterOptions): FailureLimiter {
  const maxFailures = options.maxFailures ?? 10;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const maxAddresses = options.maxAddresses ?? 10_000;
  const failures = new Map<string, number[]>();
  const recent = (address: string): number[] => {
    const since = options.now() - windowMs;
    const kept = (failures.get(address) ?? []).filter((at) => at > since);
    if (kept.length === 0) failures.delete(address);
    return kept;
  };
  return {
    retryAfterMs(address) {
      const kept = recent(address);
      if (kept.length < maxFailures) return 0;
      const oldest = kept[kept.length - maxFailures] ?? options.now();
      return Math.max(1, oldest + windowMs - options.now());
    },
    recordFailure(address) {
      const kept = [...recent(address), options.now()].slice(-maxFailures);
      failures.delete(address);
      failures.set(address, kept);
      if (failures.size > maxAddresses) {
        const oldest = failures.keys().next().value;
        if (oldest !== undefined) failures.delete(oldest);
      }
    },
  };
}
