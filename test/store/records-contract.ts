import { describe, expect, it } from "vitest";
import type { ContractContext } from "./contract-context.js";
import type { DeadLetter } from "../../src/core/ports/store.js";
import { deadLetter, T0, workItem } from "./store-fixtures.js";

/** Step records, guards, counters, dead letters, and a closed store. */
export function describeRecords(context: ContractContext): void {
  describeSteps(context);
  describeGuards(context);
  describeCounters(context);
  describeDeadLetters(context);
  describeClose(context);
}

function describeSteps({ store }: ContractContext): void {
  describe("steps", () => {
    it("records a step as started, then done with its JSON result", async () => {
      await store().setStep("work-1", "greet#0", { state: "started" });
      expect(await store().getSteps("work-1")).toEqual(new Map([["greet#0", { state: "started" }]]));
      await store().setStep("work-1", "greet#0", {
        state: "done",
        result: { fingerprint: 123, tags: ["a"], none: null },
      });
      expect(await store().getSteps("work-1")).toEqual(
        new Map([["greet#0", { state: "done", result: { fingerprint: 123, tags: ["a"], none: null } }]]),
      );
    });

    it("keeps numbers, strings and null results, and an undefined result comes back absent", async () => {
      await store().setStep("work-1", "r#0", { state: "done", result: 42.5 });
      await store().setStep("work-1", "r#1", { state: "done", result: "text ✓" });
      await store().setStep("work-1", "r#2", { state: "done", result: null });
      await store().setStep("work-1", "r#3", { state: "done", result: undefined });
      await store().setStep("work-1", "r#4", { state: "done" });
      const steps = await store().getSteps("work-1");
      expect([...steps.keys()].sort()).toEqual(["r#0", "r#1", "r#2", "r#3", "r#4"]);
      expect(steps.get("r#0")).toEqual({ state: "done", result: 42.5 });
      expect(steps.get("r#1")).toEqual({ state: "done", result: "text ✓" });
      expect(steps.get("r#2")).toEqual({ state: "done", result: null });
      expect(steps.get("r#3")).toStrictEqual({ state: "done" });
      expect(steps.get("r#4")).toStrictEqual({ state: "done" });
    });

    it("keeps a copy: changing the object passed or received changes nothing stored", async () => {
      const result = { count: 1 };
      await store().setStep("work-1", "r#0", { state: "done", result });
      result.count = 2;
      const first = await store().getSteps("work-1");
      (first.get("r#0") as { result: { count: number } }).result.count = 3;
      expect((await store().getSteps("work-1")).get("r#0")).toEqual({ state: "done", result: { count: 1 } });
    });

    it("keeps the steps of each work item apart; none for an unknown item", async () => {
      await store().setStep("work-1", "greet#0", { state: "started" });
      await store().setStep("work-2", "greet#0", { state: "done", result: 2 });
      expect((await store().getSteps("work-1")).get("greet#0")).toEqual({ state: "started" });
      expect((await store().getSteps("work-2")).get("greet#0")).toEqual({ state: "done", result: 2 });
      expect((await store().getSteps("unknown")).size).toBe(0);
    });
  });
}

function describeGuards({ store }: ContractContext): void {
  describe("claimGuard", () => {
    it("takes a free guard, and refuses it to another holder until it ends, changing nothing", async () => {
      expect(await store().claimGuard("cooldown:greet", "event-1", T0 + 100, T0)).toBe(true);
      expect(await store().claimGuard("cooldown:greet", "event-2", T0 + 500, T0 + 99)).toBe(false);
      expect(await store().claimGuard("cooldown:greet", "event-3", T0 + 500, T0 + 99)).toBe(false);
      expect(await store().claimGuard("cooldown:greet", "event-2", T0 + 500, T0 + 100)).toBe(true);
    });

    it("gives the guard again to the same holder, until the new time", async () => {
      expect(await store().claimGuard("once:greet", "event-1", T0 + 100, T0)).toBe(true);
      expect(await store().claimGuard("once:greet", "event-1", T0 + 300, T0 + 50)).toBe(true);
      expect(await store().claimGuard("once:greet", "event-2", T0 + 900, T0 + 299)).toBe(false);
      expect(await store().claimGuard("once:greet", "event-2", T0 + 900, T0 + 300)).toBe(true);
    });

    it("holds a guard for ever with null, still to its own holder", async () => {
      expect(await store().claimGuard("once:greet", "event-1", null, T0)).toBe(true);
      expect(await store().claimGuard("once:greet", "event-2", null, T0 + 1e11)).toBe(false);
      expect(await store().claimGuard("once:greet", "event-1", null, T0 + 1e11)).toBe(true);
    });

    it("keeps guard keys apart", async () => {
      expect(await store().claimGuard("once:a", "event-1", null, T0)).toBe(true);
      expect(await store().claimGuard("once:b", "event-2", null, T0)).toBe(true);
    });
  });
}

function describeCounters({ store }: ContractContext): void {
  describe("counters", () => {
    it("adds up and reads a counter until it expires (its expiry excluded)", async () => {
      expect(await store().readCounter("quota", T0)).toBe(0);
      expect(await store().increment("quota", 1, T0 + 1000, T0)).toBe(1);
      expect(await store().increment("quota", 4, T0 + 1000, T0 + 1)).toBe(5);
      expect(await store().readCounter("quota", T0 + 999)).toBe(5);
      expect(await store().readCounter("quota", T0 + 1000)).toBe(0);
      expect(await store().readCounter("other", T0)).toBe(0);
    });

    it("starts an expired counter again from 0, kept until the new expiry", async () => {
      await store().increment("quota", 7, T0 + 1000, T0);
      expect(await store().increment("quota", 2, T0 + 3000, T0 + 1000)).toBe(2);
      expect(await store().readCounter("quota", T0 + 2999)).toBe(2);
      expect(await store().readCounter("quota", T0 + 3000)).toBe(0);
    });

    it("keeps a live counter until the later of its expiry and the new one", async () => {
      await store().increment("quota", 1, T0 + 5000, T0);
      await store().increment("quota", 1, T0 + 1000, T0 + 1);
      expect(await store().readCounter("quota", T0 + 4999)).toBe(2);
      await store().increment("quota", 1, T0 + 9000, T0 + 2);
      expect(await store().readCounter("quota", T0 + 8999)).toBe(3);
    });

    it("applies several increments in one operation, in order, answering each new value", async () => {
      await store().increment("expired", 7, T0 + 1000, T0);
      expect(await store().incrementAll([])).toEqual([]);
      const values = await store().incrementAll([
        { key: "quota", by: 2, expiresAt: T0 + 5000, now: T0 + 1000 },
        { key: "quota:website:w1", by: 1, expiresAt: T0 + 5000, now: T0 + 1000 },
        { key: "quota", by: 3, expiresAt: T0 + 9000, now: T0 + 1001 },
        { key: "expired", by: 1, expiresAt: T0 + 5000, now: T0 + 1000 },
      ]);
      expect(values).toEqual([2, 1, 5, 1]);
      expect(await store().readCounter("quota", T0 + 8999)).toBe(5);
      expect(await store().readCounter("quota:website:w1", T0 + 4999)).toBe(1);
      expect(await store().readCounter("expired", T0 + 4999)).toBe(1);
    });
  });
}

function describeDeadLetters({ store }: ContractContext): void {
  describe("dead letters", () => {
    it("lists dead letters oldest first, each with all its fields", async () => {
      const letters = [deadLetter("c", T0 + 2), deadLetter("a", T0 + 1), deadLetter("b", T0 + 1)];
      for (const letter of letters) await store().addDeadLetter(letter);
      const listed = await store().listDeadLetters();
      expect(listed.map((letter) => letter.id)).toEqual(["a", "b", "c"]);
      expect(listed[2]).toEqual(letters[0]);
    });

    it("replaces a letter with the same id", async () => {
      await store().addDeadLetter(deadLetter("a", T0));
      await store().addDeadLetter(deadLetter("a", T0 + 5, { attempts: 9, reason: "again" }));
      expect(await store().listDeadLetters()).toEqual([deadLetter("a", T0 + 5, { attempts: 9, reason: "again" })]);
    });

    it("takes a letter out once; undefined for an unknown id", async () => {
      const websiteWide: DeadLetter = {
        ...{ id: "a", at: T0, websiteId: "website-1", event: "website:update_visitors_count", ruleId: "count" },
        ...{ stepIndex: 0, action: "http", code: "HTTP_REQUEST_FAILED", reason: "timeout", attempts: 1 },
        replay: workItem("replay-a", { conversation: "website-1/" }),
      };
      await store().addDeadLetter(websiteWide);
      await store().addDeadLetter(deadLetter("b", T0));
      expect(await store().takeDeadLetter("a")).toStrictEqual(websiteWide);
      expect(await store().takeDeadLetter("a")).toBeUndefined();
      expect(await store().takeDeadLetter("unknown")).toBeUndefined();
      expect((await store().listDeadLetters()).map((letter) => letter.id)).toEqual(["b"]);
    });
  });
}

function describeClose({ store }: ContractContext): void {
  describe("close", () => {
    it("rejects calls once closed, and closing again is no error", async () => {
      await store().close();
      await store().close();
      await expect(store().readCounter("quota", T0)).rejects.toThrow();
      await expect(store().schedule(deadLetter("a", T0).replay)).rejects.toThrow();
    });
  });
}
