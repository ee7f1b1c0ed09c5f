import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { skipRedis, useRedisServer } from "../support/redis-server.js";
import { pluginMessages, startFleet, untilCalls, type Replica } from "./replica-fleet.js";
import { eventually, get, metric, TestWorld, WAIT_MS } from "./runtime-harness.js";

const URN = "urn:test:replica-socket:0";
const WEBSITE = "website-1";

/** Answers state changes (no fingerprint) and visitor messages (with one). */
const MANIFEST = stringify({
  version: 1,
  plugin: { urn: URN, name: "Replica Socket" },
  scopes: [
    { scope: "website:conversation:messages", access: ["read", "write"], why: "Answer." },
    { scope: "website:conversation:states", access: ["read"], why: "Hear state changes." },
  ],
  circuit_breaker: { actions_per_minute: 10_000 },
  rules: [
    {
      id: "state",
      on: "session:set_state",
      do: [{ action: "send_message", with: { content: "state: {{data.state}}" } }],
    },
    {
      id: "answer",
      on: "message:send",
      if: [{ path: "data.from", equals: "user" }],
      do: [{ action: "send_message", with: { content: "re: {{data.content}}" } }],
    },
  ],
});

const redisUrl = skipRedis ? undefined : useRedisServer();
const world = new TestWorld();
afterEach(() => world.dispose());

type Part = "holder" | "standby" | "none";

async function partOf(replica: Replica): Promise<Part | undefined> {
  const health = await get(replica.port, "/healthz").catch(() => undefined);
  if (health?.status !== 200) return undefined;
  return (JSON.parse(health.body) as { socket?: Part }).socket;
}

/** Waits until exactly one of `replicas` holds the socket and one stands by; answers them. */
async function settled(replicas: readonly Replica[]): Promise<{ holder: Replica; standby: Replica }> {
  return eventually(async () => {
    const parts = await Promise.all(replicas.map(partOf));
    const holders = replicas.filter((_, index) => parts[index] === "holder");
    const standbys = replicas.filter((_, index) => parts[index] === "standby");
    const [holder] = holders;
    const [standby] = standbys;
    return holders.length === 1 && standbys.length === 1 && holder && standby ? { holder, standby } : undefined;
  }, "one holder and one stand-by");
}

/** How many replicas counted `event` as taken for its rules (handled), in all. */
async function handledByFleet(replicas: readonly Replica[], event: string): Promise<number> {
  const counts = await Promise.all(
    replicas.map(async (replica) => {
      const metrics = await get(replica.port, "/metrics");
      return metric(metrics.body, "crisp_plugin_events_received_total", { event, outcome: "handled" });
    }),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

function setState(sim: CrispSimulator, session: string, state: string): void {
  sim.emit(WEBSITE, "session:set_state", { session_id: session, state });
}

describe.skipIf(skipRedis)("three replicas over WebSockets", () => {
  it("holds one socket for the fleet: a state change is handled once, and when the holder is killed the stand-by takes over within 10 s and handles what was sent meanwhile once", async () => {
    const sim = await world.simulator({ pluginUrn: URN, websites: [{ website_id: WEBSITE }] });
    const dir = await world.pluginDir();
    await writeFile(join(dir, "plugin.yaml"), MANIFEST);
    const replicas = await startFleet(
      world,
      { sim, dir, manifest: "plugin.yaml", redisUrl: `${(redisUrl as () => string)()}/1`, mode: "websockets" },
      3,
    );
    const sessions = Array.from({ length: 8 }, (_, index) => `session-${index}`);
    for (const session of sessions) sim.createConversation(WEBSITE, { session_id: session });
    const { holder, standby } = await settled(replicas);
    // Two sockets listen: the holder's and the stand-by's.
    expect(sim.rtmSockets().filter((socket) => socket.authenticated)).toHaveLength(2);

    setState(sim, "session-0", "resolved");
    await untilCalls(
      sim,
      () => pluginMessages(sim, WEBSITE, "session-0").length > 0,
      "the state change answered",
      WAIT_MS,
    );
    expect(await handledByFleet(replicas, "session:set_state")).toBe(1);
    expect(pluginMessages(sim, WEBSITE, "session-0")).toEqual(["state: resolved"]);

    // The holder dies; what Crisp sends until the stand-by takes over reaches only the stand-by.
    holder.process.child.kill("SIGKILL");
    const killedAt = performance.now();
    await holder.process.exited;
    for (const [index, session] of sessions.slice(1, 5).entries())
      setState(sim, session, index % 2 === 0 ? "resolved" : "pending");
    sim.visitorWrites(WEBSITE, "session-5", "during the takeover");
    const takenOverAt = await eventually(
      async () => ((await partOf(standby)) === "holder" ? performance.now() : undefined),
      "the stand-by holding the socket",
    );
    expect(takenOverAt - killedAt).toBeLessThan(10_000);
    // After the takeover, events go straight to the new holder.
    setState(sim, "session-6", "resolved");
    sim.visitorWrites(WEBSITE, "session-7", "after the takeover");

    const expected: Record<string, string[]> = {
      "session-1": ["state: resolved"],
      "session-2": ["state: pending"],
      "session-3": ["state: resolved"],
      "session-4": ["state: pending"],
      "session-5": ["re: during the takeover"],
      "session-6": ["state: resolved"],
      "session-7": ["re: after the takeover"],
    };
    await untilCalls(
      sim,
      () => Object.keys(expected).every((session) => pluginMessages(sim, WEBSITE, session).length > 0),
      "every event answered",
      WAIT_MS,
    );
    const living = replicas.filter((replica) => replica !== holder);
    // The third replica stands by now.
    await eventually(
      async () => ((await Promise.all(living.map(partOf))).includes("standby") ? true : undefined),
      "a new stand-by",
    );
    for (const [session, replies] of Object.entries(expected)) {
      expect(pluginMessages(sim, WEBSITE, session), session).toEqual(replies);
    }
    expect(pluginMessages(sim, WEBSITE, "session-0")).toEqual(["state: resolved"]);
    expect(await handledByFleet(living, "session:set_state")).toBe(5);
  });
});
