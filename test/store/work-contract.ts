import { describe, expect, it } from "vitest";
import type { ContractContext } from "./contract-context.js";
import { ids, LEASE_MS, lease, T0, workItem } from "./store-fixtures.js";

const WINDOW_MS = 60_000;

/** accept, schedule, claimDue, claimOwned, cancel and complete. */
export function describeWork(context: ContractContext): void {
  describeAccept(context);
  describeClaimDue(context);
  describeClaimOwned(context);
  describeCancelAndComplete(context);
}

function describeAccept({ store }: ContractContext): void {
  describe("accept", () => {
    it("answers duplicate for a copy of an event within the de-duplication window", async () => {
      const claim = { key: "event-1", until: T0 + WINDOW_MS };
      expect(await store().accept(workItem("a"), claim, lease("p1", T0))).toBe("accepted");
      expect(await store().accept(workItem("b"), claim, lease("p1", T0 + WINDOW_MS - 1))).toBe("duplicate");
    });

    it("accepts the same event again once the window is over (its end excluded)", async () => {
      await store().accept(workItem("a"), { key: "event-1", until: T0 + WINDOW_MS }, lease("p1", T0));
      const again = await store().accept(
        workItem("b"),
        { key: "event-1", until: T0 + 2 * WINDOW_MS },
        lease("p1", T0 + WINDOW_MS),
      );
      expect(again).toBe("accepted");
      expect(ids(await store().claimOwned(lease("p1", T0 + WINDOW_MS)))).toEqual(["a", "b"]);
    });

    it("writes nothing for a duplicate: no item, and the window is not extended", async () => {
      await store().accept(workItem("a"), { key: "event-1", until: T0 + WINDOW_MS }, lease("p1", T0));
      const duplicate = await store().accept(
        workItem("dup"),
        { key: "event-1", until: T0 + 10 * WINDOW_MS },
        lease("p2", T0 + 1),
      );
      expect(duplicate).toBe("duplicate");
      expect(await store().claimOwned(lease("p2", T0 + 2))).toEqual([]);
      expect(ids(await store().claimDue(lease("p3", T0 + 100 * LEASE_MS), 10))).toEqual(["a"]);
      const later = await store().accept(
        workItem("c"),
        { key: "event-1", until: T0 + 3 * WINDOW_MS },
        lease("p1", T0 + WINDOW_MS),
      );
      expect(later).toBe("accepted");
    });

    it("keeps de-duplication keys apart", async () => {
      expect(await store().accept(workItem("a"), { key: "event-1", until: T0 + WINDOW_MS }, lease("p1", T0))).toBe(
        "accepted",
      );
      expect(await store().accept(workItem("b"), { key: "event-2", until: T0 + WINDOW_MS }, lease("p1", T0))).toBe(
        "accepted",
      );
    });

    it("stores the accepted item owned by the acceptor, with every field as given", async () => {
      const item = workItem("a", {
        conversation: "w/s",
        dueAt: T0 - 5,
        cancelOn: ["message:send", "session:removed"],
        payload: '{"é":"ü ✓"}',
      });
      await store().accept(item, { key: "event-1", until: T0 + WINDOW_MS }, lease("p1", T0));
      expect(await store().claimDue(lease("p2", T0 + LEASE_MS - 1), 10)).toEqual([]);
      expect(await store().claimOwned(lease("p1", T0 + 1))).toEqual([item]);
    });
  });
}

function describeClaimDue({ store }: ContractContext): void {
  describe("schedule and claimDue", () => {
    it("takes due items earliest first, ties by id, at most limit, and not those due later", async () => {
      for (const [id, dueAt] of [
        ["d", T0 + 3],
        ["b", T0 + 1],
        ["late", T0 + 10],
        ["c", T0 + 1],
        ["a", T0],
      ] as const) {
        await store().schedule(workItem(id, { dueAt }));
      }
      expect(ids(await store().claimDue(lease("p1", T0 + 3), 3))).toEqual(["a", "b", "c"]);
      expect(ids(await store().claimDue(lease("p1", T0 + 3), 3))).toEqual(["d"]);
      expect(await store().claimDue(lease("p1", T0 + 9), 3)).toEqual([]);
      expect(ids(await store().claimDue(lease("p1", T0 + 10), 3))).toEqual(["late"]);
    });

    it("takes nothing with a limit of 0", async () => {
      await store().schedule(workItem("a"));
      expect(await store().claimDue(lease("p1", T0), 0)).toEqual([]);
      expect(ids(await store().claimDue(lease("p1", T0), 1))).toEqual(["a"]);
    });

    it("gives a claimed item to no one else while its lease holds, and to another owner once it expired", async () => {
      await store().schedule(workItem("a"));
      expect(ids(await store().claimDue(lease("p1", T0), 10))).toEqual(["a"]);
      expect(await store().claimDue(lease("p1", T0 + 1), 10)).toEqual([]);
      expect(await store().claimDue(lease("p2", T0 + LEASE_MS - 1), 10)).toEqual([]);
      expect(ids(await store().claimDue(lease("p2", T0 + LEASE_MS), 10))).toEqual(["a"]);
      expect(await store().claimOwned(lease("p1", T0 + LEASE_MS + 1))).toEqual([]);
      expect(ids(await store().claimOwned(lease("p2", T0 + LEASE_MS + 1)))).toEqual(["a"]);
    });

    it("orders expired leases and due items together by dueAt", async () => {
      // Leases expire in the other order than dueAt: owned-late's at T0, owned-early's at T0 + 2.
      await store().accept(
        workItem("owned-early", { dueAt: T0 - 10 }),
        { key: "e1", until: T0 },
        lease("dead", T0 - 10, 12),
      );
      await store().accept(
        workItem("owned-late", { dueAt: T0 - 1 }),
        { key: "e2", until: T0 },
        lease("dead", T0 - 1, 1),
      );
      await store().schedule(workItem("scheduled", { dueAt: T0 - 5 }));
      expect(ids(await store().claimDue(lease("p2", T0 + 10), 2))).toEqual(["owned-early", "scheduled"]);
      expect(ids(await store().claimDue(lease("p2", T0 + 10), 2))).toEqual(["owned-late"]);
    });

    it("replaces an item with the same id, which becomes unowned", async () => {
      await store().accept(workItem("a"), { key: "e", until: T0 + 1 }, lease("p1", T0));
      const replaced = workItem("a", { dueAt: T0 + 5, payload: "second", cancelOn: ["x"] });
      await store().schedule(replaced);
      expect(await store().claimOwned(lease("p1", T0 + 1))).toEqual([]);
      expect(await store().claimDue(lease("p2", T0 + 4), 10)).toEqual([]);
      expect(await store().claimDue(lease("p2", T0 + 5), 10)).toEqual([replaced]);
    });
  });
}

function describeClaimOwned({ store }: ContractContext): void {
  describe("claimOwned", () => {
    it("returns the owner's items whatever their lease and renews it", async () => {
      await store().schedule(workItem("a"));
      await store().schedule(workItem("b", { dueAt: T0 - 1 }));
      await store().schedule(workItem("other"));
      await store().claimDue(lease("p1", T0), 2);
      await store().claimDue(lease("p2", T0), 2);
      const resumedAt = T0 + 5 * LEASE_MS;
      expect(ids(await store().claimOwned(lease("p1", resumedAt)))).toEqual(["b", "a"]);
      expect(ids(await store().claimDue(lease("p3", resumedAt + LEASE_MS - 1), 10))).toEqual(["other"]);
      expect(ids(await store().claimDue(lease("p3", resumedAt + LEASE_MS), 10))).toEqual(["b", "a"]);
    });

    it("returns nothing for an owner without work", async () => {
      await store().schedule(workItem("a"));
      expect(await store().claimOwned(lease("p1", T0))).toEqual([]);
    });
  });
}

function describeCancelAndComplete({ store }: ContractContext): void {
  describe("cancel and complete", () => {
    it("cancels only unowned items of the conversation that list the event, with their steps", async () => {
      await store().schedule(workItem("wait-2", { cancelOn: ["message:send", "session:removed"], dueAt: T0 + 9 }));
      await store().schedule(workItem("wait-1", { cancelOn: ["message:send"], dueAt: T0 + 9 }));
      await store().schedule(workItem("other-event", { cancelOn: ["session:removed"], dueAt: T0 + 9 }));
      await store().schedule(
        workItem("other-conversation", {
          conversation: "website-1/session-2",
          cancelOn: ["message:send"],
          dueAt: T0 + 9,
        }),
      );
      await store().schedule(workItem("running", { cancelOn: ["message:send"] }));
      await store().claimDue(lease("p1", T0), 2);
      await store().setStep("wait-1", "greet#0", { state: "done", result: { id: 1 } });
      await store().setStep("running", "greet#0", { state: "started" });

      expect(await store().cancel("website-1/session-1", "message:send")).toEqual(["wait-1", "wait-2"]);
      expect((await store().getSteps("wait-1")).size).toBe(0);
      expect((await store().getSteps("running")).size).toBe(1);
      expect(await store().cancel("website-1/session-1", "message:send")).toEqual([]);
      expect(ids(await store().claimDue(lease("p2", T0 + 9), 10))).toEqual(["other-conversation", "other-event"]);
    });

    it("forgets a completed item and its steps; an unknown id is no error", async () => {
      await store().schedule(workItem("a", { cancelOn: ["message:send"] }));
      await store().setStep("a", "greet#0", { state: "started" });
      await store().complete("a");
      await store().complete("unknown");
      expect(await store().claimDue(lease("p1", T0), 10)).toEqual([]);
      expect((await store().getSteps("a")).size).toBe(0);
      expect(await store().cancel("website-1/session-1", "message:send")).toEqual([]);
    });

    it("takes operations in the order they were called, without waiting for each", async () => {
      const accepted = store().accept(workItem("a"), { key: "e", until: T0 + 1 }, lease("p1", T0));
      const starts = store().countStart("a");
      const recorded = store().setStep("a", "greet#0", { state: "done", result: 1 });
      const steps = store().getSteps("a");
      const completed = store().complete("a");
      await expect(completed).resolves.toBeUndefined();
      await expect(recorded).resolves.toBeUndefined();
      expect([await accepted, await starts]).toEqual(["accepted", 1]);
      expect(await steps).toEqual(new Map([["greet#0", { state: "done", result: 1 }]]));
      expect(await store().claimOwned(lease("p1", T0 + 1))).toEqual([]);
      expect((await store().getSteps("a")).size).toBe(0);
    });

    it("completes an owned item, which is then resumed by no one", async () => {
      await store().accept(workItem("a"), { key: "e", until: T0 + 1 }, lease("p1", T0));
      await store().complete("a");
      expect(await store().claimOwned(lease("p1", T0 + 1))).toEqual([]);
      expect(await store().claimDue(lease("p2", T0 + 10 * LEASE_MS), 10)).toEqual([]);
    });
  });
}
