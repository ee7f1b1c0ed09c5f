import { describe, expect, it } from "vitest";
import type { Store, WorkItem } from "../../src/core/ports/store.js";
import type { ContractContext } from "./contract-context.js";
import { deadLetter, ids, LEASE_MS, lease, T0, workItem } from "./store-fixtures.js";

/**
 * What a second instance on the same data sees: a restart, and two replicas claiming the same work.
 * Skipped for a backend that keeps nothing outside its instance (memory).
 */
export function describeDurability({ store, openAgain }: ContractContext, durable: boolean): void {
  describe.skipIf(!durable)("a second instance on the same data", () => {
    it("resumes after a restart: owned work, steps, guards, counters and dead letters are kept", async () => {
      await store().accept(workItem("a"), { key: "event-1", until: T0 + 60_000 }, lease("p1", T0));
      await store().schedule(workItem("later", { dueAt: T0 + 5000 }));
      await store().setStep("a", "greet#0", { state: "done", result: { id: "m1" } });
      await store().claimGuard("once:greet", "a", null, T0);
      await store().increment("quota", 3, T0 + 60_000, T0);
      await store().addDeadLetter(deadLetter("d", T0));
      await store().close();

      const restarted = await openAgain();
      expect(ids(await restarted.claimOwned(lease("p1", T0 + 10)))).toEqual(["a"]);
      expect((await restarted.getSteps("a")).get("greet#0")).toEqual({ state: "done", result: { id: "m1" } });
      expect(await restarted.accept(workItem("b"), { key: "event-1", until: T0 + 60_000 }, lease("p1", T0 + 10))).toBe(
        "duplicate",
      );
      expect(await restarted.claimGuard("once:greet", "b", null, T0 + 10)).toBe(false);
      expect(await restarted.readCounter("quota", T0 + 10)).toBe(3);
      expect(await restarted.listDeadLetters()).toEqual([deadLetter("d", T0)]);
      expect(ids(await restarted.claimDue(lease("p2", T0 + 5000), 10))).toEqual(["later"]);
    });

    it("lets a replica see what another wrote, and take over its expired leases", async () => {
      const other = await openAgain();
      await store().accept(workItem("a"), { key: "event-1", until: T0 + 60_000 }, lease("p1", T0));
      expect(await other.accept(workItem("b"), { key: "event-1", until: T0 + 60_000 }, lease("p2", T0))).toBe(
        "duplicate",
      );
      expect(await other.claimDue(lease("p2", T0 + LEASE_MS - 1), 10)).toEqual([]);
      expect(ids(await other.claimDue(lease("p2", T0 + LEASE_MS), 10))).toEqual(["a"]);
      expect(await store().claimOwned(lease("p1", T0 + LEASE_MS))).toEqual([]);
    });

    it("gives each due item to exactly one of two replicas claiming at the same time", async () => {
      const count = 60;
      for (let index = 0; index < count; index += 1) {
        await store().schedule(workItem(`item-${String(index).padStart(3, "0")}`, { dueAt: T0 - index }));
      }
      const other = await openAgain();
      const [first, second] = await Promise.all([claimAll(store(), "p1"), claimAll(other, "p2")]);
      const all = [...ids(first), ...ids(second)];
      expect(new Set(all).size).toBe(count);
      expect(all).toHaveLength(count);
    });
  });
}

/** Claims in small batches until nothing is due. */
async function claimAll(store: Store, owner: string): Promise<WorkItem[]> {
  const taken: WorkItem[] = [];
  for (;;) {
    const batch = await store.claimDue(lease(owner, T0), 7);
    if (batch.length === 0) return taken;
    taken.push(...batch);
  }
}
