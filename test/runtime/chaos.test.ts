import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { seededRandom } from "../../src/devkit/simulator/seeded-random.js";
import type { DeadLetter } from "../../src/core/ports/store.js";
import { openRedisStore } from "../../src/runtime/store/redis-store.js";
import { skipRedis, startRedisServer, type RedisServer } from "../support/redis-server.js";
import { ChaosFleet } from "./chaos-fleet.js";
import { ChaosLedger, emitSocketEvents, sendHooks, type ChaosCounts, type Traffic } from "./chaos-traffic.js";
import { eventually, get, TestWorld } from "./runtime-harness.js";

/**
 * How long each half of the chaos test sends traffic (Web Hooks, then WebSockets), in seconds:
 * 25 each in `npm test`; `CRISP_CHAOS_SECONDS=300` runs the full ten minutes (`CRISP_CHAOS_MODES`
 * picks the modes).
 */
const SECONDS = Number(process.env.CRISP_CHAOS_SECONDS ?? 25);
/** Which modes run (`CRISP_CHAOS_MODES=webhooks`, say, to look into one): both by default. */
const MODES = (["webhooks", "websockets"] as const).filter((mode) =>
  (process.env.CRISP_CHAOS_MODES ?? "webhooks,websockets").split(",").includes(mode),
);
const URN = "urn:test:chaos:0";
const SECRET = "chaos-hooks-secret";
const WEBSITES = ["site-a", "site-b"];
const CONVERSATIONS_PER_WEBSITE = 5;
/** One event per conversation this often: 10 conversations, about 8 events a second. */
const EVERY_MS = 1_200;
const KILL_EVERY_MS = 10_000;
/** How often dead letters are replayed while the traffic runs. */
const REPLAY_EVERY_MS = 5_000;
/** Storms of 429/5xx (and answers too late) from the simulator: this long, then a calm as long. */
const STORM_MS = 3_000;

const MANIFEST = stringify({
  version: 1,
  plugin: { urn: URN, name: "Chaos" },
  scopes: [
    { scope: "website:conversation:messages", access: ["read", "write"], why: "Answer." },
    { scope: "website:conversation:sessions", access: ["read", "write"], why: "Tag." },
  ],
  circuit_breaker: { actions_per_minute: 10_000 },
  rules: [
    {
      id: "answer",
      on: "message:send",
      if: [{ path: "data.from", equals: "user" }],
      do: [
        { action: "send_message", with: { content: "re: {{data.content}}" } },
        { action: "add_segments", with: { segments: ["answered"] } },
      ],
    },
    {
      id: "edit",
      on: "message:updated",
      do: [{ action: "send_message", with: { content: "edit: {{data.content}}" } }],
    },
  ],
});

const world = new TestWorld();
let redis: RedisServer | undefined;
beforeAll(async () => {
  if (!skipRedis) redis = await startRedisServer({ appendOnly: true });
}, 60_000);
afterAll(async () => {
  await redis?.stop();
});
afterEach(() => world.dispose());

interface Report extends ChaosCounts {
  readonly mode: string;
  readonly seconds: number;
  readonly kills: number;
  readonly redisRestarts: number;
  readonly deadLettersReplayed: number;
  readonly deadLetterReasons: readonly string[];
  readonly failoversMs: readonly number[];
}

const reports: Report[] = [];
afterAll(() => {
  if (reports.length > 0) console.log(`chaos counts:\n${reports.map((report) => JSON.stringify(report)).join("\n")}`);
});

describe.skipIf(skipRedis)(
  `chaos: three replicas, SIGKILLs every 10 s, a Redis restart, 429/5xx storms (${SECONDS} s a mode)`,
  () => {
    for (const mode of MODES) {
      it(
        `does each accepted event's steps exactly once, in each conversation's order, over ${mode}`,
        async () => {
          const server = redis as RedisServer;
          const database = mode === "webhooks" ? 1 : 2;
          const sim = await world.simulator({
            pluginUrn: URN,
            latencyMs: 5,
            websites: WEBSITES.map((website_id) => ({ website_id })),
          });
          const conversations = WEBSITES.flatMap((websiteId) =>
            Array.from({ length: CONVERSATIONS_PER_WEBSITE }, (_, index) => ({
              websiteId,
              sessionId: `session-${index}`,
            })),
          );
          for (const { websiteId, sessionId } of conversations)
            sim.createConversation(websiteId, { session_id: sessionId });
          const dir = await world.pluginDir();
          await writeFile(join(dir, "plugin.yaml"), MANIFEST);
          const redisUrl = `${server.url}/${database}`;
          const fleet = new ChaosFleet(
            world,
            {
              sim,
              dir,
              manifest: "plugin.yaml",
              redisUrl,
              mode,
              ...(mode === "webhooks" ? { hooksSecret: SECRET } : {}),
              env: {
                CRISP_REQUEST_TIMEOUT_MS: "1000",
                CRISP_DAILY_QUOTA: "100000000",
                // A kill every 10 s may catch an item more than three times: not a poison item.
                CRISP_PLUGIN_MAX_STARTS: "50",
              },
            },
            3,
          );
          await fleet.start();
          if (mode === "websockets") fleet.watch();
          const random = seededRandom(mode === "webhooks" ? 18 : 81);
          const ledger = new ChaosLedger();
          const endsAt = performance.now() + SECONDS * 1000;
          const stop = (): boolean => performance.now() >= endsAt;
          const traffic: Traffic = { sim, conversations, everyMs: EVERY_MS, stop, ledger, random };
          const sending = mode === "webhooks" ? sendHooks(traffic, fleet, SECRET) : emitSocketEvents(traffic);
          const chaos = makeChaos({ sim, fleet, server, random, stop, durationMs: SECONDS * 1000, mode });
          const store = await openRedisStore(redisUrl, { prefix: "crisp-plugin:" });
          // A step that failed through a whole storm is a dead letter: replayed soon after, as an
          // operator running `dead-letters replay --all` would, it must then be done once too. (Long
          // after, the check for a message that may have been sent reads only the latest messages.)
          const replayed: DeadLetter[] = [];
          const replay = async (): Promise<void> => {
            for (const letter of await store.listDeadLetters()) {
              const taken = await store.takeDeadLetter(letter.id);
              if (taken === undefined) continue;
              replayed.push(taken);
              await store.schedule({ ...taken.replay, dueAt: Date.now() });
            }
          };
          const replaying = (async () => {
            while (!stop()) {
              await sleep(REPLAY_EVERY_MS);
              await replay().catch(() => undefined); // Redis restarting: the next round replays them
            }
          })();
          await Promise.all([sending, chaos.done, replaying]);
          sim.stopFailing();
          try {
            await eventually(
              async () => {
                await replay();
                return ledger.settled(sim) ? true : undefined;
              },
              "every accepted event answered (dead letters replayed)",
              120_000,
            ).catch(async (error: unknown) => {
              const health = await Promise.all(
                fleet
                  .running()
                  .map(
                    async (replica) =>
                      `${replica.name}: ${(await get(replica.port, "/healthz").catch(() => undefined))?.body ?? "no answer"}`,
                  ),
              );
              throw new Error(
                `${error instanceof Error ? error.message : String(error)}\nnot answered: ${ledger.missing(sim).join("; ")}\n${health.join("\n")}`,
              );
            });
            // Nothing left anywhere, so no late copy can come after the count.
            await eventually(() => fleetIdle(fleet), "every replica idle", 60_000);
            fleet.stopWatching();
            const counts = ledger.count(sim, (event) =>
              replayed.some(
                (letter) =>
                  letter.websiteId === event.websiteId &&
                  letter.sessionId === event.sessionId &&
                  (letter.params as { content?: unknown } | undefined)?.content === event.reply,
              ),
            );
            const report: Report = {
              mode,
              seconds: SECONDS,
              ...counts,
              kills: fleet.kills,
              redisRestarts: chaos.redisRestarts(),
              deadLettersReplayed: replayed.length,
              deadLetterReasons: replayed.map((letter) => `${letter.code}: ${letter.reason}`),
              failoversMs: fleet.failovers.map((failover) => Math.round(failover.gapMs)),
            };
            reports.push(report);
            if (counts.orderViolations > 0 || counts.doubled > 0 || counts.lost > 0) {
              // What a failure follows: each kill (replica, ms since the epoch), next to the samples.
              console.log(`${mode} kills: ${fleet.killLog.map((kill) => `${kill.name}@${kill.at}`).join(" ")}`);
            }
            expect(counts.accepted).toBeGreaterThan(SECONDS * 3);
            expect(counts.lost).toBe(0);
            expect(counts.doubled).toBe(0);
            expect(counts.orderViolations).toBe(0);
            expect(fleet.kills).toBeGreaterThanOrEqual(Math.floor(SECONDS / 10) - 1);
            for (const failover of fleet.failovers) expect(failover.gapMs).toBeLessThan(10_000);
          } finally {
            fleet.stopWatching();
            await store.close();
          }
        },
        SECONDS * 1000 + 300_000,
      );
    }
  },
);

/** Kills a random replica every 10 s, restarts Redis once, and runs storms, until `stop()`. */
function makeChaos(options: {
  sim: CrispSimulator;
  fleet: ChaosFleet;
  server: RedisServer;
  random: () => number;
  stop: () => boolean;
  durationMs: number;
  mode: "webhooks" | "websockets";
}): { done: Promise<void>; redisRestarts: () => number } {
  const { sim, fleet, server, random, stop, durationMs } = options;
  let restarts = 0;
  const kills = (async () => {
    // Over WebSockets the first kill is the socket holder's, so that even a short run sees a takeover.
    // A kill every 10 s, the restart included.
    for (let kill = 0, next = performance.now() + KILL_EVERY_MS; !stop(); kill += 1, next += KILL_EVERY_MS) {
      await sleep(Math.max(0, next - performance.now()));
      if (stop()) return;
      await fleet.killOne(random, kill === 0 && options.mode === "websockets" ? fleet.holder : undefined);
    }
  })();
  const storms = (async () => {
    for (let storm = 0; !stop(); storm += 1) {
      sim.failRandomly({
        share: 0.25,
        statuses: [429, 500, 502, 503],
        appliedShare: 0.5,
        timeoutShare: 0.02,
        timeoutDelayMs: 1_500,
        seed: 1_000 + storm,
      });
      await sleep(STORM_MS);
      sim.stopFailing();
      await sleep(STORM_MS);
    }
  })();
  const redisRestart = (async () => {
    await sleep(Math.floor(durationMs * 0.45));
    await server.stop();
    await server.start();
    restarts += 1;
  })();
  return { done: Promise.all([kills, storms, redisRestart]).then(() => undefined), redisRestarts: () => restarts };
}

/** True once every replica running holds no work and runs none. */
async function fleetIdle(fleet: ChaosFleet): Promise<true | undefined> {
  for (const replica of fleet.running()) {
    const health = await get(replica.port, "/healthz").catch(() => undefined);
    if (health?.status !== 200) return undefined;
    const { work } = JSON.parse(health.body) as { work?: { held: number; queued: number } };
    if (work === undefined || work.held > 0 || work.queued > 0) return undefined;
  }
  return true;
}
