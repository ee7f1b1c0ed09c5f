import { afterEach, describe, expect, it } from "vitest";
import { startCrispSimulator } from "../../src/devkit/simulator/start-crisp-simulator.js";
import { backend, DurableWorld, WEBSITE } from "./durability-harness.js";

const REPLY = { id: "reply", on: "message:send", do: [{ action: "send_message", with: { content: "Got it." } }] };
// The plugin id, the websites' pages (the second, empty, says the list ends) and the socket URL.
const START_UP_ROUTES = [
  "getConnectAccount",
  "listAllConnectWebsites",
  "listAllConnectWebsites",
  "getConnectEndpoints",
];
const START_UP_CALLS = START_UP_ROUTES.length;
const NEXT_MIDNIGHT = Date.parse("2030-01-08T00:00:00Z");

let world: DurableWorld | undefined;

afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

/** A runtime on a simulator whose daily quota is `limit` requests, both on the test's clock. */
async function start(limit: number): Promise<DurableWorld> {
  const w = new DurableWorld();
  world = w;
  return w.start([REPLY], (dir) => backend("memory", dir), { now: () => w.now, dailyQuota: { limit } });
}

/** What /healthz answers. */
async function health(w: DurableWorld): Promise<{ quota: { paused: boolean; until?: string } }> {
  const response = await fetch(`http://127.0.0.1:${String(w.runtime.port)}/healthz`);
  return (await response.json()) as { quota: { paused: boolean; until?: string } };
}

/** The line of metric `name` on /metrics. */
async function metric(w: DurableWorld, name: string): Promise<string | undefined> {
  const response = await fetch(`http://127.0.0.1:${String(w.runtime.port)}/metrics`);
  return (await response.text()).split("\n").find((line) => line.startsWith(`${name} `));
}

describe("the daily quota of a plugin token", () => {
  it("is refused by the simulator with 429 after N calls, until its clock passes the reset", async () => {
    const clock = { now: Date.parse("2030-01-07T23:59:00Z") };
    const sim = await startCrispSimulator({
      websites: [{ website_id: WEBSITE }],
      now: () => clock.now,
      dailyQuota: { limit: 3 },
    });
    try {
      const authorization = `Basic ${Buffer.from(`${sim.credentials.identifier}:${sim.credentials.key}`).toString("base64")}`;
      const account = () =>
        fetch(`${sim.url}/v1/plugin/connect/account`, { headers: { authorization, "x-crisp-tier": "plugin" } }).then(
          async (response) => {
            await response.body?.cancel();
            return { status: response.status, retryAfter: response.headers.get("retry-after") };
          },
        );
      for (let index = 0; index < 4; index += 1) await account();
      expect(sim.calls().map((call) => call.status)).toEqual([200, 200, 200, 429]);

      clock.now = Date.parse("2030-01-08T00:00:00Z");
      await expect(account()).resolves.toEqual({ status: 200, retryAfter: null });
    } finally {
      await sim.close();
    }
  });

  it("keeps the steps in the store until the quota resets, then runs them; nothing dead-lettered, one warning", async () => {
    // The start-up calls are the day's first, and count: two replies more fit in the quota.
    const w = await start(START_UP_CALLS + 2);
    expect(w.sim.calls().map((call) => call.route)).toEqual(START_UP_ROUTES);

    for (const session of ["s1", "s2", "s3", "s4"]) await w.visitorWrites(session, "hello");

    expect(w.replies()).toEqual(["Got it.", "Got it."]);
    // One request was refused; the last step waited without asking Crisp.
    expect(w.sim.calls({ route: "sendMessageInConversation" }).map((call) => call.status)).toEqual([200, 200, 429]);
    expect(await w.store.listDeadLetters()).toEqual([]);
    expect(w.lines.filter((line) => line.includes("Crisp daily quota spent"))).toHaveLength(1);
    await expect(health(w)).resolves.toMatchObject({ quota: { paused: true, until: "2030-01-08T00:00:00.000Z" } });
    expect(await metric(w, "crisp_plugin_quota_paused_until_seconds")).toBe(
      `crisp_plugin_quota_paused_until_seconds ${String(NEXT_MIDNIGHT / 1000)}`,
    );

    expect(await w.advance(NEXT_MIDNIGHT - 1 - w.now)).toBe(0);
    expect(await w.advance(1)).toBe(2);

    expect(w.replies().sort()).toEqual(["Got it.", "Got it.", "Got it.", "Got it."]);
    expect(new Set(w.sim.calls({ route: "sendMessageInConversation" }).map((call) => call.sessionId))).toEqual(
      new Set(["s1", "s2", "s3", "s4"]),
    );
    expect(await w.store.listDeadLetters()).toEqual([]);
    expect(w.lines.filter((line) => line.includes("Crisp daily quota spent"))).toHaveLength(1);
    await expect(health(w)).resolves.toMatchObject({ quota: { paused: false } });
  });
});
