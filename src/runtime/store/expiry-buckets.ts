/**
 * Keys filed by the minute their time falls in, so that a sweep visits only the keys whose time
 * may have passed, not every key kept: the memory store keeps de-duplication keys for two hours,
 * hundreds of thousands of them at a steady rate of events. A key filed again with another time is filed
 * twice; whoever sweeps checks each key's current time before forgetting it.
 */
export class ExpiryBuckets {
  readonly #buckets = new Map<number, string[]>();
  readonly #bucketMs: number;

  constructor(bucketMs = 60_000) {
    this.#bucketMs = bucketMs;
  }

  /** Files `key` under time `at` (ms). */
  add(key: string, at: number): void {
    const bucket = Math.floor(at / this.#bucketMs);
    const keys = this.#buckets.get(bucket);
    if (keys === undefined) this.#buckets.set(bucket, [key]);
    else keys.push(key);
  }

  /**
   * Takes out and answers the keys filed under a time before `before`'s minute (those of its own
   * minute wait for a later sweep): each may have passed, or been filed again under a later time.
   */
  takeBefore(before: number): string[] {
    const last = Math.floor(before / this.#bucketMs);
    const taken: string[] = [];
    for (const [bucket, keys] of this.#buckets) {
      if (bucket >= last) continue;
      this.#buckets.delete(bucket);
      for (const key of keys) taken.push(key);
    }
    return taken;
  }
}
