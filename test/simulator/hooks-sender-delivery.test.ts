import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import type { HookTarget } from "../../src/devkit/simulator/hook-dispatcher.js";
import { startCrispSimulator, type CrispSimulatorOptions } from "../../src/devkit/simulator/start-crisp-simulator.js";
import { startHookReceiver, type HookAnswer, type HookReceiver } from "./hook-receiver.js";

const SECRET = "hooks-signing-secret";
const CLOCK = 1_700_000_000_000;
const MESSAGE = { session_id: "session_1", type: "text", content: "Hello" };

let receiver: HookReceiver | undefined;
let sim: CrispSimulator | undefined;

/** The backoff waits the simulator asked for; they resolve at once, so retries need no real time. */
let waits: number[] = [];

async function start(
  answers: readonly HookAnswer[] = [],
  hooks: Partial<HookTarget> = {},
  options: CrispSimulatorOptions = {},
): Promise<{ sim: CrispSimulator; receiver: HookReceiver }> {
  receiver = await startHookReceiver((index) => answers[index] ?? 200);
  sim = await startCrispSimulator({
    websites: [{ website_id: "website-1" }],
    now: () => CLOCK,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    hooks: { url: receiver.url, secret: SECRET, ...hooks },
    ...options,
  });
  return { sim, receiver };
}

afterEach(async () => {
  await sim?.close();
  await receiver?.close();
  sim = undefined;
  receiver = undefined;
  waits = [];
});

describe("hook delivery from the simulator", () => {
  it("POSTs every emitted event, signed, with website_id in data, whether or not a socket got it", async () => {
    const { sim, receiver } = await start();

    expect(sim.emit("website-1", "message:send", MESSAGE)).toBe(0);
    await sim.waitForHookDeliveries();

    const [hook] = receiver.hooks;
    expect(JSON.parse(hook?.rawBody ?? "")).toEqual({
      website_id: "website-1",
      event: "message:send",
      data: { website_id: "website-1", ...MESSAGE },
      timestamp: CLOCK,
    });
    const trace = `[${String(hook?.headers["x-crisp-request-timestamp"])};${hook?.rawBody ?? ""}]`;
    expect(hook?.headers["x-crisp-signature"]).toBe(createHmac("sha256", SECRET).update(trace).digest("hex"));
    expect(hook?.headers["x-crisp-hook-origin"]).toBe(`plugin/rtm ${sim.pluginId} development`);
    expect(sim.hookDeliveries()).toEqual([
      {
        event: "message:send",
        websiteId: "website-1",
        attempt: 1,
        attemptLimit: 3,
        status: 200,
        error: null,
        delivered: true,
        at: CLOCK,
      },
    ]);
  });

  it("retries a non-2xx answer with a doubling wait, counting attempts in the headers, until delivered", async () => {
    const { sim, receiver } = await start([500, 429, 204], { attemptLimit: 4, backoffMs: 25 });

    sim.emit("website-1", "message:send", MESSAGE);
    await sim.waitForHookDeliveries();

    expect(receiver.hooks.map((hook) => hook.headers["x-delivery-attempt-count"])).toEqual(["1", "2", "3"]);
    expect(receiver.hooks.map((hook) => hook.headers["x-delivery-attempt-limit"])).toEqual(["4", "4", "4"]);
    expect(new Set(receiver.hooks.map((hook) => hook.rawBody)).size).toBe(1);
    expect(waits).toEqual([25, 50]);
    expect(sim.hookDeliveries().map(({ status, delivered }) => ({ status, delivered }))).toEqual([
      { status: 500, delivered: false },
      { status: 429, delivered: false },
      { status: 204, delivered: true },
    ]);
  });

  it("gives up after attemptLimit attempts", async () => {
    const { sim, receiver } = await start([503, 503, 503, 503], { attemptLimit: 2 });

    sim.emit("website-1", "message:send", MESSAGE);
    await sim.waitForHookDeliveries();

    expect(receiver.hooks).toHaveLength(2);
    expect(sim.hookDeliveries().map(({ attempt, status }) => [attempt, status])).toEqual([
      [1, 503],
      [2, 503],
    ]);
  });

  it("retries when the connection drops without an answer, recording why", async () => {
    const { sim } = await start(["hang-up", 200]);

    sim.emit("website-1", "message:send", MESSAGE);
    await sim.waitForHookDeliveries();

    const [failed, delivered] = sim.hookDeliveries();
    expect(failed).toMatchObject({ attempt: 1, status: null, delivered: false });
    expect(failed?.error).toContain("fetch failed");
    expect(delivered).toMatchObject({ attempt: 2, status: 200, delivered: true });
  });

  it("retries an attempt that gets no answer within timeoutMs", async () => {
    // Long enough that a loaded machine still answers the next attempt in time; only the first hangs.
    const { sim } = await start(["never"], { timeoutMs: 400 });

    sim.emit("website-1", "message:send", MESSAGE);
    await sim.waitForHookDeliveries();

    const attempts = sim.hookDeliveries();
    expect(attempts[0]).toMatchObject({ attempt: 1, status: null, delivered: false });
    expect(attempts[0]?.error).toContain("timeout");
    expect(attempts.at(-1)).toMatchObject({ status: 200, delivered: true });
  });

  it("sends only the selected events, lifecycle events included", async () => {
    const { sim, receiver } = await start([], { events: ["plugin:subscription:updated"] });

    sim.emit("website-1", "message:send", MESSAGE);
    sim.install({ website_id: "website-2" });
    await sim.waitForHookDeliveries();

    expect(receiver.hooks.map((hook) => JSON.parse(hook.rawBody) as unknown)).toEqual([
      {
        website_id: "website-2",
        event: "plugin:subscription:updated",
        data: { website_id: "website-2", plugin_id: sim.pluginId, bound: true, target: "website" },
        timestamp: CLOCK,
      },
    ]);
  });

  it("stops a delivery waiting to retry when the simulator closes", async () => {
    let waiting: () => void = () => undefined;
    const retryPending = new Promise<void>((resolve) => {
      waiting = resolve;
    });
    const { sim, receiver } = await start(
      [500],
      {},
      {
        // The real default: a wait that only ends when close() aborts it.
        sleep: (_ms, signal) => {
          waiting();
          return new Promise((_resolve, reject) => {
            signal.addEventListener("abort", () => {
              reject(new Error("closed"));
            });
          });
        },
      },
    );

    sim.emit("website-1", "message:send", MESSAGE);
    await retryPending;
    await sim.close();

    expect(receiver.hooks).toHaveLength(1);
    expect(sim.hookDeliveries()).toHaveLength(1);
    expect(sim.emit("website-1", "message:send", MESSAGE)).toBe(0);
    await sim.waitForHookDeliveries();
    expect(receiver.hooks).toHaveLength(1);
  });

  it("sends nothing and records nothing without a hooks option", async () => {
    receiver = await startHookReceiver();
    sim = await startCrispSimulator({ websites: [{ website_id: "website-1" }] });

    sim.emit("website-1", "message:send", MESSAGE);
    await sim.waitForHookDeliveries();

    expect(receiver.hooks).toEqual([]);
    expect(sim.hookDeliveries()).toEqual([]);
  });

  it.each([
    ["attemptLimit", { attemptLimit: 0 }, "hooks.attemptLimit must be an integer from 1"],
    ["backoffMs", { backoffMs: -1 }, "hooks.backoffMs must be an integer from 0"],
    ["timeoutMs", { timeoutMs: 1.5 }, "hooks.timeoutMs must be an integer from 1"],
  ])("refuses a hooks %s that is out of range", async (_name, hooks, message) => {
    await expect(
      startCrispSimulator({ hooks: { url: "http://127.0.0.1:9/", secret: SECRET, ...hooks } }),
    ).rejects.toThrow(message);
  });
});
