import { describe, expect, it } from "vitest";
import { ExpiryBuckets } from "../../src/runtime/store/expiry-buckets.js";

describe("expiry buckets", () => {
  it("gives back the keys filed under a minute before the given time's, once, and keeps the rest", () => {
    const buckets = new ExpiryBuckets(60_000);
    buckets.add("early", 10_000);
    buckets.add("same-minute", 130_000);
    buckets.add("late", 600_000);
    buckets.add("early", 590_000);
    expect(buckets.takeBefore(150_000).sort()).toEqual(["early"]);
    expect(buckets.takeBefore(150_000)).toEqual([]);
    expect(buckets.takeBefore(180_000)).toEqual(["same-minute"]);
    expect(buckets.takeBefore(10 * 60_000).sort()).toEqual(["early"]);
    expect(buckets.takeBefore(11 * 60_000)).toEqual(["late"]);
  });
});
