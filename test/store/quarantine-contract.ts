import { describe, expect, it } from "vitest";
import type { ContractContext } from "./contract-context.js";
import { deadLetter, ids, lease, T0, workItem } from "./store-fixtures.js";

/** countStart and quarantine: what keeps an item the process dies running from killing it for ever. */
export function describeQuarantine({ store }: ContractContext): void {
  describe("countStart and quarantine", () => {
    it("counts each start of an accepted or scheduled item, from 1", async () => {
      await store().accept(workItem("a"), { key: "e", until: T0 + 1 }, lease("p1", T0));
      await store().schedule(workItem("b"));
      expect(await store().countStart("a")).toBe(1);
      expect(await store().countStart("a")).toBe(2);
      expect(await store().countStart("b")).toBe(1);
      expect(await store().countStart("a")).toBe(3);
    });

    it("answers 0 for an item that is not there (finished, cancelled, never stored) and creates nothing", async () => {
      await store().schedule(workItem("a"));
      await store().complete("a");
      expect(await store().countStart("a")).toBe(0);
      expect(await store().countStart("never")).toBe(0);
      expect(await store().claimDue(lease("p1", T0 + 1), 10)).toEqual([]);
    });

    it("keeps the count across claims (a restart takes the same item again)", async () => {
      await store().accept(workItem("a"), { key: "e", until: T0 + 1 }, lease("p1", T0));
      await store().countStart("a");
      expect(ids(await store().claimOwned(lease("p1", T0 + 1)))).toEqual(["a"]);
      expect(await store().countStart("a")).toBe(2);
    });

    it("starts the count again when the item is scheduled again (a replay)", async () => {
      await store().schedule(workItem("a"));
      await store().countStart("a");
      await store().countStart("a");
      await store().schedule(workItem("a", { dueAt: T0 + 5 }));
      expect(await store().countStart("a")).toBe(1);
    });

    it("moves a quarantined item to the dead letters, keeping its step records for the replay", async () => {
      const item = workItem("a");
      await store().accept(item, { key: "e", until: T0 + 1 }, lease("p1", T0));
      await store().setStep("a", "greet#0", { state: "done", result: { id: 1 } });
      await store().setStep("a", "greet#1", { state: "started" });
      const letter = deadLetter("a", T0 + 2, { replay: item, code: "WORK_QUARANTINED", attempts: 3 });

      await store().quarantine("a", letter);

      expect(await store().claimOwned(lease("p1", T0 + 3))).toEqual([]);
      expect(await store().claimDue(lease("p2", T0 + 100 * 60_000), 10)).toEqual([]);
      expect(await store().countStart("a")).toBe(0);
      expect(await store().listDeadLetters()).toEqual([letter]);
      expect([...(await store().getSteps("a")).keys()].sort()).toEqual(["greet#0", "greet#1"]);
      // Replayed: the same item, due now, with the steps it had done.
      const taken = await store().takeDeadLetter("a");
      await store().schedule({ ...(taken?.replay ?? item), dueAt: T0 + 4 });
      expect(ids(await store().claimDue(lease("p2", T0 + 4), 10))).toEqual(["a"]);
      expect((await store().getSteps("a")).get("greet#0")).toEqual({ state: "done", result: { id: 1 } });
    });
  });
}
