import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../src/core/logging/logger.js";
import type { Store, WorkItem } from "../../src/core/ports/store.js";
import { createLedger } from "../../src/runtime/run/create-ledger.js";
import type { WorkPayload } from "../../src/runtime/run/event-work.js";
import type { HeldWork } from "../../src/runtime/run/held-work.js";
import { createMemoryStore } from "../../src/runtime/store/memory-store.js";

const T0 = Date.UTC(2026, 11, 3, 9);
const payload: WorkPayload = {
  event: {
    name: "message:send",
    website_id: "website-1",
    session_id: "session_a",
    timestamp: T0,
    data: { fingerprint: 1 },
  },
  acceptedAt: T0,
};
const item: WorkItem = {
  id: "work-1",
  conversation: "website-1/session_a",
  dueAt: T0,
  cancelOn: [],
  payload: JSON.stringify(payload),
};

/** A store that also tells in which order the ledger's writes reached it. */
function recordingStore(): { store: Store; writes: string[] } {
  const real = createMemoryStore();
  const writes: string[] = [];
  const store: Store = Object.create(real) as Store;
  Object.assign(store, {
    setStep: (id: string, key: string, record: { state: string }) => {
      writes.push(`${key} ${record.state}`);
      return real.setStep(id, key, record as never);
    },
    claimGuard: (key: string, holder: string, until: number | null, now: number) => {
      writes.push(`guard ${key}`);
      return real.claimGuard(key, holder, until, now);
    },
    schedule: (scheduled: WorkItem) => {
      writes.push(`schedule ${scheduled.id}`);
      return real.schedule(scheduled);
    },
  });
  return { store, writes };
}

async function accepted(store: Store): Promise<void> {
  await store.accept(item, { key: "dedupe:1", until: T0 + 60_000 }, { id: "p1", leaseMs: 60_000, now: T0 });
}

describe("the runtime's step ledger", () => {
  it("drops the last done record of work that finishes in the same turn, and writes the started one", async () => {
    const { store, writes } = recordingStore();
    await accepted(store);
    const ledger = createLedger(store, item, payload, new Map(), () => T0, silentLogger, true);
    await ledger.record("greet#0", { state: "started" });
    await ledger.record("greet#0", { state: "done", result: { fingerprint: 7 } });
    ledger.finished();
    await nextTurn();
    expect(writes).toEqual(["greet#0 started"]);
  });

  it("writes no started record on the item's first start, whose start count says the steps may have run", async () => {
    const { store, writes } = recordingStore();
    await accepted(store);
    const ledger = createLedger(store, item, payload, new Map(), () => T0, silentLogger, false);
    await ledger.record("greet#0", { state: "done", result: {} });
    await ledger.record("greet#1", { state: "started" });
    expect(writes).toEqual([]);
    await ledger.record("greet#1", { state: "done", result: {} });
    await nextTurn();
    expect(writes).toEqual(["greet#0 done", "greet#1 done"]);
    expect(await store.countStart(item.id)).toBe(1);
  });

  it("writes a done record at the end of the turn when the work goes on", async () => {
    const { store, writes } = recordingStore();
    await accepted(store);
    const ledger = createLedger(store, item, payload, new Map(), () => T0, silentLogger, false);
    await ledger.record("greet#0", { state: "done", result: { fingerprint: 7 } });
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(["greet#0 done"]);
    expect(await store.getSteps(item.id)).toEqual(
      new Map([["greet#0", { state: "done", result: { fingerprint: 7 } }]]),
    );
  });

  it("writes a done record held back before anything the work writes after it", async () => {
    const { store, writes } = recordingStore();
    await accepted(store);
    const ledger = createLedger(store, item, payload, new Map(), () => T0, silentLogger, true);
    await ledger.record("greet#0", { state: "done", result: {} });
    await ledger.claimGuard("once:greet", null);
    await ledger.record("greet#1", { state: "done", result: {} });
    await ledger.record("greet#2", { state: "started" });
    await ledger.record("greet#2", { state: "done", result: {} });
    await ledger.defer({ ruleId: "greet", fromStep: 4, steps: {} }, T0 + 1_000, []);
    expect(writes).toEqual([
      "greet#0 done",
      "guard once:greet",
      "greet#1 done",
      "greet#2 started",
      "greet#2 done",
      "schedule work-1#greet#4",
    ]);
    await nextTurn();
    expect(writes).toHaveLength(6);
  });

  it("waits for a started record written under a hold, unless the store confirmed the hold moments ago", async () => {
    const store = createMemoryStore();
    await accepted(store);
    const answers: (() => void)[] = [];
    const hold = (confirmed: boolean): HeldWork => ({
      // The store's answer to a fenced write comes when the test says so.
      setStep: (id, key, record) =>
        new Promise<void>((resolve) => answers.push(resolve)).then(() => store.setStep(id, key, record)),
      check: () => undefined,
      confirmed: () => confirmed,
    });
    const state = (ledger: { record: (key: string, record: { state: "started" }) => Promise<void> }) => {
      let recorded = false;
      void ledger.record("greet#0", { state: "started" }).then(() => (recorded = true));
      return () => recorded;
    };
    // On the first start too: the fencing token must be checked before an action not safe to repeat.
    const waiting = state(createLedger(store, item, payload, new Map(), () => T0, silentLogger, false, hold(false)));
    await nextTurn();
    expect(waiting()).toBe(false);
    answers.shift()?.();
    await nextTurn();
    expect(waiting()).toBe(true);
    const trusted = state(createLedger(store, item, payload, new Map(), () => T0, silentLogger, true, hold(true)));
    await nextTurn();
    // Not waited for, but written under the hold all the same.
    expect(trusted()).toBe(true);
    expect(answers).toHaveLength(1);
    // Confirmed on the first start: not written at all.
    const first = state(createLedger(store, item, payload, new Map(), () => T0, silentLogger, false, hold(true)));
    await nextTurn();
    expect(first()).toBe(true);
    expect(answers).toHaveLength(1);
  });
});
