import { describe, expect, it } from "vitest";
import { CLEAN_UP_MARGIN_MS } from "../../src/runtime/store/clean-up-margin.js";
import { createMemoryStore } from "../../src/runtime/store/memory-store.js";
import { storeContract } from "./store-contract.js";

storeContract("memory", () => Promise.resolve({ store: createMemoryStore() }), { durable: false });

describe("the memory store's clean-up", () => {
  const DAY = 24 * 60 * 60_000;
  const T0 = Date.UTC(2026, 11, 3);
  const owner = (now: number) => ({ id: "p1", leaseMs: 60_000, now });
  const item = (id: string, now: number) => ({ id, conversation: "w/s", dueAt: now, cancelOn: [], payload: "{}" });
  /** Enough writes at `now` for the store to sweep at least once. */
  async function sweepAt(store: ReturnType<typeof createMemoryStore>, now: number): Promise<void> {
    for (let index = 0; index < 300; index += 1) {
      await store.accept(
        item(`filler-${now}-${index}`, now),
        { key: `filler-${now}-${index}`, until: now + 1 },
        owner(now),
      );
    }
  }

  it("forgets only what expired more than the margin ago, by its latest time, not the one it was first kept until", async () => {
    const store = createMemoryStore();
    // Held until T0 + 1 minute, then again (a later copy's claim after it ran out) for two days.
    await store.accept(item("a", T0), { key: "event", until: T0 + 60_000 }, owner(T0));
    expect(
      await store.accept(item("b", T0 + 120_000), { key: "event", until: T0 + 2 * DAY }, owner(T0 + 120_000)),
    ).toBe("accepted");
    await store.increment("quota", 5, T0 + 60_000, T0);
    await store.increment("quota", 1, T0 + 2 * DAY, T0 + 1_000);
    expect(await store.claimGuard("cooldown", "a", T0 + 60_000, T0)).toBe(true);
    expect(await store.claimGuard("cooldown", "a", T0 + 2 * DAY, T0 + 1_000)).toBe(true);
    // Past the margin after the first end: what a sweep by that end would have forgotten.
    const later = T0 + CLEAN_UP_MARGIN_MS + 10 * 60_000;
    await sweepAt(store, later);
    expect(await store.accept(item("c", later), { key: "event", until: later + 60_000 }, owner(later))).toBe(
      "duplicate",
    );
    expect(await store.readCounter("quota", later)).toBe(6);
    expect(await store.claimGuard("cooldown", "b", later + 60_000, later)).toBe(false);
  });
});
