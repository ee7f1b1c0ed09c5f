import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { skipRedis, useRedisServer } from "../support/redis-server.js";
import { messageHook, pluginMessages, startFleet, untilCalls, type FleetOptions } from "./replica-fleet.js";
import { get, metric, TestWorld, WAIT_MS } from "./runtime-harness.js";

const URN = "urn:test:replicas:0";
const SECRET = "replicas-hooks-secret";
const WEBSITE = "website-1";

/** Two messages per event: a replica that lost its lease must not send the second one again. */
const MANIFEST = stringify({
  version: 1,
  plugin: { urn: URN, name: "Replicas" },
  scopes: [{ scope: "website:conversation:messages", access: ["read", "write"], why: "Answer." }],
  circuit_breaker: { actions_per_minute: 10_000 },
  rules: [
    {
      id: "answer",
      on: "message:send",
      if: [{ path: "data.from", equals: "user" }],
      do: [
        { action: "send_message", with: { content: "first: {{data.content}}" } },
        { action: "send_message", with: { content: "second: {{data.content}}" } },
      ],
    },
  ],
});

const redisUrl = skipRedis ? undefined : useRedisServer();
const world = new TestWorld();
afterEach(() => world.dispose());
/** A Redis database per test, so tests share the server and nothing else. */
let database = 0;

async function fleetOptions(env: Record<string, string> = {}, latencyMs = 0): Promise<FleetOptions> {
  const sim = await world.simulator({ pluginUrn: URN, latencyMs, websites: [{ website_id: WEBSITE }] });
  const dir = await world.pluginDir();
  await writeFile(join(dir, "plugin.yaml"), MANIFEST);
  database += 1;
  return {
    sim,
    dir,
    manifest: "plugin.yaml",
    redisUrl: `${(redisUrl as () => string)()}/${database}`,
    mode: "webhooks",
    hooksSecret: SECRET,
    env,
  };
}

describe.skipIf(skipRedis)("replicas sharing one Redis", () => {
  it("runs each conversation's events one at a time in the order Crisp sent them, whichever replica each reached", async () => {
    const fleet = await fleetOptions({}, 15);
    const { sim } = fleet;
    const replicas = await startFleet(world, fleet, 3);
    const sessions = Array.from({ length: 8 }, (_, index) => `session-${index}`);
    const MESSAGES = 6;
    let fingerprint = 1;
    // Crisp sends a conversation's hooks one after the other; round-robin spreads them on the fleet.
    await Promise.all(
      sessions.map(async (session, conversation) => {
        sim.createConversation(WEBSITE, { session_id: session });
        for (let index = 0; index < MESSAGES; index += 1) {
          const replica = replicas[(conversation + index) % replicas.length];
          const url = `http://127.0.0.1:${replica?.port ?? 0}/hooks`;
          fingerprint += 1;
          const hook = messageHook(WEBSITE, session, `c${conversation}-m${index}`, fingerprint);
          expect((await sim.sendHook(url, SECRET, hook)).status).toBe(200);
        }
      }),
    );
    const expected = (conversation: number): string[] =>
      Array.from({ length: MESSAGES }, (_, index) => [
        `first: c${conversation}-m${index}`,
        `second: c${conversation}-m${index}`,
      ]).flat();
    await untilCalls(
      sim,
      () => sessions.every((session) => pluginMessages(sim, WEBSITE, session).length >= 2 * MESSAGES),
      "every message answered",
      WAIT_MS,
    );
    sessions.forEach((session, conversation) => {
      expect(pluginMessages(sim, WEBSITE, session)).toEqual(expected(conversation));
    });
  });

  it("lets another replica take over a replica that stopped renewing its lease, and the stopped one does no step again when it comes back", async () => {
    const fleet = await fleetOptions({ CRISP_PLUGIN_LEASE_MS: "3000" });
    const { sim } = fleet;
    const [paused, other] = await startFleet(world, fleet, 2);
    if (paused === undefined || other === undefined) throw new Error("two replicas expected");
    sim.createConversation(WEBSITE, { session_id: "session-1" });
    // The first reply is slow: the replica is caught in the middle of its work.
    sim.failNext({ route: "sendMessageInConversation", delayMs: 1_000 });
    const hook = messageHook(WEBSITE, "session-1", "hello", 42);
    expect((await sim.sendHook(`http://127.0.0.1:${paused.port}/hooks`, SECRET, hook)).status).toBe(200);
    paused.process.child.kill("SIGSTOP");
    try {
      await untilCalls(
        sim,
        () => pluginMessages(sim, WEBSITE, "session-1").includes("second: hello"),
        "the other replica finishing the work",
        WAIT_MS,
      );
    } finally {
      paused.process.child.kill("SIGCONT");
    }
    await paused.process.waitForLine(/lease of conversation .* lost|stopped: /);
    expect(pluginMessages(sim, WEBSITE, "session-1")).toEqual(["first: hello", "second: hello"]);
    // The paused replica is still a working member of the fleet.
    sim.createConversation(WEBSITE, { session_id: "session-2" });
    const next = messageHook(WEBSITE, "session-2", "again", 43);
    expect((await sim.sendHook(`http://127.0.0.1:${paused.port}/hooks`, SECRET, next)).status).toBe(200);
    await untilCalls(sim, () => pluginMessages(sim, WEBSITE, "session-2").length === 2, "the next event", WAIT_MS);
    expect(pluginMessages(sim, WEBSITE, "session-1")).toEqual(["first: hello", "second: hello"]);
  });

  it("exits, its Redis connection closed, when the start fails after the store is open", async () => {
    const fleet = await fleetOptions();
    // Paging the websites fails for good: the start gives up after the store was opened.
    fleet.sim.failNext({ route: "listAllConnectWebsites", status: 500, times: 10 });
    const child = world.spawn(["run", fleet.manifest], fleet.dir, {
      CRISP_IDENTIFIER: fleet.sim.credentials.identifier,
      CRISP_KEY: fleet.sim.credentials.key,
      CRISP_REST_HOST: fleet.sim.url,
      CRISP_RTM_MODE: "webhooks",
      CRISP_HOOKS_SECRET: SECRET,
      REDIS_URL: fleet.redisUrl,
      PORT: "0",
    });
    const exit = await child.exitWithin(WAIT_MS);
    expect(exit.code).toBe(1);
    expect(child.lines().at(-1)).toMatch(/^crisp-plugin run: listAllConnectWebsites: Crisp answered 500/);
  });

  it("hands the conversations of a replica stopped with SIGTERM to the others at once, not when its leases expire", async () => {
    const fleet = await fleetOptions({}, 25);
    const { sim } = fleet;
    const [stopping, other] = await startFleet(world, fleet, 2);
    if (stopping === undefined || other === undefined) throw new Error("two replicas expected");
    sim.createConversation(WEBSITE, { session_id: "session-1" });
    const MESSAGES = 12;
    for (let index = 0; index < MESSAGES; index += 1) {
      const hook = messageHook(WEBSITE, "session-1", `m${index}`, 100 + index);
      expect((await sim.sendHook(`http://127.0.0.1:${stopping.port}/hooks`, SECRET, hook)).status).toBe(200);
    }
    const signalledAt = performance.now();
    stopping.process.signal("SIGTERM");
    await stopping.process.exitWithin(WAIT_MS);
    await untilCalls(
      sim,
      () => pluginMessages(sim, WEBSITE, "session-1").length === 2 * MESSAGES,
      "every message answered",
      WAIT_MS,
    );
    // Well before the 30-second lease of the stopped replica would have expired.
    expect(performance.now() - signalledAt).toBeLessThan(20_000);
    const metrics = await get(other.port, "/metrics");
    expect(
      metric(metrics.body, "crisp_plugin_actions_total", { action: "send_message", outcome: "done" }),
    ).toBeGreaterThan(0);
    expect(pluginMessages(sim, WEBSITE, "session-1")).toEqual(
      Array.from({ length: MESSAGES }, (_, index) => [`first: m${index}`, `second: m${index}`]).flat(),
    );
  });
});
