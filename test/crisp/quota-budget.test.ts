import { afterEach, describe, expect, it } from "vitest";
import { createCrispGateway } from "../../src/runtime/crisp/crisp-gateway.js";
import { createCrispRest } from "../../src/runtime/crisp/crisp-rest.js";
import { createPluginConnect } from "../../src/runtime/crisp/plugin-connect.js";
import {
  createQuotaBudget,
  nextQuotaReset,
  nextUtcMidnight,
  type QuotaPriority,
} from "../../src/core/crisp/quota-budget.js";
import { KitError } from "../../src/core/errors/kit-error.js";
import { createLogger } from "../../src/core/logging/logger.js";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { startCrispSimulator } from "../../src/devkit/simulator/start-crisp-simulator.js";
import type { Store } from "../../src/core/ports/store.js";
import { createMemoryStore } from "../../src/runtime/store/memory-store.js";
import { rejectionOf } from "./retry-world.js";

const NOON = Date.parse("2025-03-01T12:00:00.000Z");
const NEXT_MIDNIGHT = Date.parse("2025-03-02T00:00:00.000Z");

/** A budget on a fresh memory store, a clock the test moves, and the lines it logged. */
function budgetWorld(
  options: { daily?: number; store?: Pick<Store, "increment" | "incrementAll" | "readCounter"> } = {},
) {
  const clock = { now: NOON };
  const lines: string[] = [];
  const store = options.store ?? createMemoryStore();
  const budget = createQuotaBudget({
    store,
    daily: options.daily ?? 100,
    now: () => clock.now,
    log: createLogger({ level: "debug", write: (line) => lines.push(line) }),
  });
  return { budget, clock, lines, store };
}

async function recordTimes(budget: { record(websiteId: string): Promise<void> }, times: number, websiteId = "w1") {
  for (let index = 0; index < times; index += 1) await budget.record(websiteId);
}

/** Which priorities may run now. */
async function running(budget: { check(priority: QuotaPriority): Promise<void> }): Promise<QuotaPriority[]> {
  const allowed: QuotaPriority[] = [];
  for (const priority of ["reply", "normal", "low"] as const) {
    if (
      await budget.check(priority).then(
        () => true,
        () => false,
      )
    )
      allowed.push(priority);
  }
  return allowed;
}

describe("createQuotaBudget", () => {
  it("warns once at 50, 80 and 95 % of the day's quota", async () => {
    const { budget, lines } = budgetWorld({ daily: 20 });

    await recordTimes(budget, 9);
    expect(lines).toEqual([]);
    await recordTimes(budget, 1);
    expect(lines).toEqual([
      'WARN  Crisp daily quota: 10/20 requests used today (50 %, UTC); low-priority steps pause at 80 % {"used":10,"daily":20,"threshold":0.5}',
    ]);
    await recordTimes(budget, 15);

    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(
      "16/20 requests used today (80 %, UTC); low-priority steps are paused until 2025-03-02T00:00:00.000Z; normal-priority steps pause at 95 %",
    );
    expect(lines[2]).toContain("19/20 requests used today (95 %, UTC); low and normal-priority steps are paused");
  });

  it("warns once between replicas sharing a store", async () => {
    const store = createMemoryStore();
    const first = budgetWorld({ store, daily: 10 });
    const second = budgetWorld({ store, daily: 10 });

    for (let index = 0; index < 5; index += 1) {
      await first.budget.record("w1");
      await second.budget.record("w2");
    }

    expect([...first.lines, ...second.lines].filter((line) => line.includes("(50 %"))).toHaveLength(1);
    await expect(first.budget.usage()).resolves.toEqual({ used: 10, daily: 10, resetsAt: NEXT_MIDNIGHT });
  });

  it("pauses low, then normal, then reply steps as the quota runs out", async () => {
    const { budget } = budgetWorld({ daily: 100 });

    await recordTimes(budget, 79);
    expect(await running(budget)).toEqual(["reply", "normal", "low"]);
    await recordTimes(budget, 1);
    expect(await running(budget)).toEqual(["reply", "normal"]);
    await recordTimes(budget, 14);
    expect(await running(budget)).toEqual(["reply", "normal"]);
    await recordTimes(budget, 1);
    expect(await running(budget)).toEqual(["reply"]);
    await recordTimes(budget, 4);
    expect(await running(budget)).toEqual(["reply"]);
    await recordTimes(budget, 1);
    expect(await running(budget)).toEqual([]);
  });

  it("refuses with QUOTA_EXHAUSTED, rate-limited, saying used/daily and until when", async () => {
    const { budget } = budgetWorld({ daily: 100 });
    await recordTimes(budget, 80);

    const error = await rejectionOf(budget.check("low"));

    expect(error).toBeInstanceOf(KitError);
    expect(error).toMatchObject({
      code: "QUOTA_EXHAUSTED",
      kind: "rate-limited",
      context: { priority: "low", used: 80, daily: 100, resumesAt: NEXT_MIDNIGHT },
    });
    expect((error as KitError).message).toBe(
      "80/100 Crisp requests used today: low-priority steps are paused until 2025-03-02T00:00:00.000Z (the quota's daily reset); raise the plugin quota in the Crisp Marketplace if this happens often",
    );
  });

  it("starts again from zero at the next UTC midnight, and warns again that day", async () => {
    const { budget, clock, lines } = budgetWorld({ daily: 10 });
    clock.now = Date.parse("2025-03-01T23:59:59.999Z");
    await recordTimes(budget, 10);
    expect(await running(budget)).toEqual([]);
    expect(lines).toHaveLength(3);

    clock.now = NEXT_MIDNIGHT;

    expect(await running(budget)).toEqual(["reply", "normal", "low"]);
    await expect(budget.usage()).resolves.toEqual({ used: 0, daily: 10, resetsAt: Date.parse("2025-03-03T00:00:00Z") });
    await recordTimes(budget, 5);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toContain("5/10 requests used today (50 %");
  });

  it("counts per website too", async () => {
    const { budget } = budgetWorld();
    await recordTimes(budget, 3, "w1");
    await recordTimes(budget, 2, "w2");

    await expect(budget.usage("w1")).resolves.toMatchObject({ used: 3 });
    await expect(budget.usage("w2")).resolves.toMatchObject({ used: 2 });
    await expect(budget.usage()).resolves.toMatchObject({ used: 5 });
  });

  it("lets requests go on, and says so once, when the store cannot count", async () => {
    const broken: Pick<Store, "increment" | "incrementAll" | "readCounter"> = {
      increment: () => Promise.reject(new Error("disk full")),
      incrementAll: () => Promise.reject(new Error("disk full")),
      readCounter: () => Promise.resolve(0),
    };
    const { budget, lines } = budgetWorld({ store: broken });

    await recordTimes(budget, 3);

    expect(lines).toEqual(["WARN  cannot count Crisp requests against the daily quota: Error: disk full"]);
  });

  it("refuses a daily quota or thresholds that make no sense", () => {
    const store = createMemoryStore();
    expect(() => createQuotaBudget({ store, daily: 0 })).toThrow(RangeError);
    expect(() => createQuotaBudget({ store, thresholds: [80] })).toThrow("above 0 and at most 1");
  });

  it("finds the next reset, at CRISP_QUOTA_RESET minutes after a UTC midnight", () => {
    expect(nextQuotaReset(NOON, 0)).toBe(NEXT_MIDNIGHT);
    expect(nextQuotaReset(NOON, 13 * 60)).toBe(Date.parse("2025-03-01T13:00:00Z"));
    expect(nextQuotaReset(NOON, 8 * 60)).toBe(Date.parse("2025-03-02T08:00:00Z"));
  });

  it("finds the next UTC midnight", () => {
    expect(nextUtcMidnight(NOON)).toBe(NEXT_MIDNIGHT);
    expect(nextUtcMidnight(NEXT_MIDNIGHT)).toBe(Date.parse("2025-03-03T00:00:00Z"));
  });
});

describe("the budget fed by the gateway", () => {
  let sim: CrispSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
  });

  it("counts every attempt, retries included", async () => {
    sim = await startCrispSimulator({ websites: [{ website_id: "w1" }] });
    sim.createConversation("w1", { session_id: "s1" });
    const { budget } = budgetWorld();
    const gateway = createCrispGateway({
      ...sim.credentials,
      restHost: sim.url,
      budget,
      retry: { sleep: () => Promise.resolve() },
    });
    sim.failNext({ route: "getConversationMetas", status: 429, retryAfterSeconds: 0, times: 2 });

    await createCrispRest(gateway).getMeta("w1", "s1");

    await expect(budget.usage("w1")).resolves.toMatchObject({ used: 3 });
    expect(sim.calls()).toHaveLength(3);
  });

  it("counts plugin-wide calls and those made before it was attached (start-up paging, settings)", async () => {
    sim = await startCrispSimulator({ websites: [{ website_id: "w1" }, { website_id: "w2" }], pageSize: 1 });
    const { budget } = budgetWorld();
    const gateway = createCrispGateway({ ...sim.credentials, restHost: sim.url });
    const connect = createPluginConnect(gateway);
    const pluginId = await connect.getPluginId();
    gateway.useBudget(budget);

    for (let page = 1; (await connect.listWebsites(page)).length > 0; page += 1);
    await connect.saveSettings("w1", pluginId, { greeting: "hi" });

    expect(sim.calls()).toHaveLength(5);
    await expect(budget.usage()).resolves.toMatchObject({ used: 5 });
    await expect(budget.usage("w1")).resolves.toMatchObject({ used: 1 });
  });
});

describe("a quota budget that batches its store writes (batchMs)", () => {
  function batchedWorld(daily: number) {
    const clock = { now: NOON };
    const lines: string[] = [];
    const store = createMemoryStore();
    const budget = createQuotaBudget({
      store,
      daily,
      batchMs: 60_000,
      now: () => clock.now,
      log: createLogger({ level: "debug", write: (line) => lines.push(line) }),
    });
    return { budget, clock, lines, store };
  }

  it("counts in memory until a flush, and decides with what it counted", async () => {
    const { budget, store, lines } = batchedWorld(10);
    await recordTimes(budget, 8);

    expect(await store.readCounter("quota:2025-03-01", NOON)).toBe(0);
    expect(await running(budget)).toEqual(["reply", "normal"]);

    await budget.flush();
    expect(await store.readCounter("quota:2025-03-01", NOON)).toBe(8);
    expect(await store.readCounter("quota:2025-03-01:website:w1", NOON)).toBe(8);
    expect(lines.filter((line) => line.startsWith("WARN"))).toHaveLength(2);
  });

  it("adds what another replica counted when it flushes", async () => {
    const { budget, store } = batchedWorld(10);
    await store.increment("quota:2025-03-01", 7, NEXT_MIDNIGHT, NOON);
    await recordTimes(budget, 1);
    await budget.flush();

    expect(await running(budget)).toEqual(["reply", "normal"]);
    expect((await budget.usage()).used).toBe(8);
  });

  it("writes what it counted before answering usage()", async () => {
    const { budget } = batchedWorld(100);
    await recordTimes(budget, 3, "w2");

    expect(await budget.usage("w2")).toEqual({ used: 3, daily: 100, resetsAt: NEXT_MIDNIGHT });
  });
});
