import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import type { HookBody } from "../../src/devkit/simulator/send-hook.js";
import { openRedisStore } from "../../src/runtime/store/redis-store.js";
import { openSqliteStore } from "../../src/runtime/store/sqlite-store.js";
import type { DeadLetter, Store } from "../../src/core/ports/store.js";
import { skipRedis, useRedisServer } from "../support/redis-server.js";
import { eventually, runEnvironment, TestWorld } from "./runtime-harness.js";

const URN = "urn:test:faults:0";
const SECRET = "faults-hooks-secret";
const WEBSITES = ["site-a", "site-b", "site-c"];
/** 20 conversations per website, 4 messages each: 240 events. */
const CONVERSATIONS = 20;
const MESSAGES = 4;

const MANIFEST = stringify({
  version: 1,
  plugin: { urn: URN, name: "Fault Test" },
  scopes: [
    { scope: "website:conversation:messages", access: ["read", "write"], why: "Answer." },
    { scope: "website:conversation:sessions", access: ["read", "write"], why: "Tag." },
  ],
  rules: [
    {
      id: "answer",
      on: "message:send",
      if: [{ path: "data.from", equals: "user" }],
      do: [
        { action: "send_message", with: { content: "Re: {{data.content}}" } },
        { action: "add_segments", with: { segments: ["answered"] } },
      ],
    },
  ],
});

interface SentEvent {
  readonly websiteId: string;
  readonly sessionId: string;
  readonly content: string;
  readonly hook: HookBody;
}

function burst(): SentEvent[] {
  const events: SentEvent[] = [];
  let fingerprint = 1_000;
  for (let round = 0; round < MESSAGES; round += 1) {
    for (const websiteId of WEBSITES) {
      for (let conversation = 0; conversation < CONVERSATIONS; conversation += 1) {
        const sessionId = `session-${conversation}`;
        const content = `${websiteId}/${sessionId}/m${round}`;
        fingerprint += 1;
        events.push({
          websiteId,
          sessionId,
          content,
          hook: {
            website_id: websiteId,
            event: "message:send",
            data: {
              website_id: websiteId,
              session_id: sessionId,
              type: "text",
              from: "user",
              origin: "chat",
              content,
              fingerprint,
            },
            timestamp: Date.now(),
          },
        });
      }
    }
  }
  return events;
}

/** Sends hooks `parallel` at a time; answers which were acknowledged (200). Connection errors count as not. */
async function deliver(
  sim: CrispSimulator,
  url: string,
  events: readonly SentEvent[],
  parallel = 8,
): Promise<Set<SentEvent>> {
  const acknowledged = new Set<SentEvent>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < events.length) {
      const event = events[next] as SentEvent;
      next += 1;
      try {
        const response = await sim.sendHook(url, SECRET, event.hook);
        if (response.status === 200) acknowledged.add(event);
      } catch {
        // The plugin is down: Crisp will deliver it again.
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return acknowledged;
}

const redisUrl = skipRedis ? undefined : useRedisServer();
const world = new TestWorld();
afterEach(() => world.dispose());

for (const backend of ["sqlite", "redis"] as const) {
  describe.skipIf(backend === "redis" && skipRedis)(`faults and a SIGKILL, on the ${backend} store`, () => {
    it("does every step of every accepted event exactly once, through random 429/5xx/timeouts, a SIGKILL mid-burst and Crisp delivering hooks again", async () => {
      const sim = await world.simulator({
        pluginUrn: URN,
        websites: WEBSITES.map((website_id) => ({ website_id })),
      });
      const events = burst();
      for (const websiteId of WEBSITES) {
        for (let conversation = 0; conversation < CONVERSATIONS; conversation += 1) {
          sim.createConversation(websiteId, { session_id: `session-${conversation}` });
        }
      }
      const dir = await world.pluginDir();
      await writeFile(join(dir, "plugin.yaml"), MANIFEST);
      const env = runEnvironment(sim, {
        CRISP_RTM_MODE: "webhooks",
        CRISP_HOOKS_SECRET: SECRET,
        CRISP_REQUEST_TIMEOUT_MS: "1000",
        LOG_LEVEL: "info",
        ...(backend === "sqlite"
          ? { CRISP_PLUGIN_STORE: "sqlite" }
          : { CRISP_PLUGIN_STORE: "redis", REDIS_URL: (redisUrl as () => string)() }),
      });
      sim.failRandomly({
        share: 0.2,
        statuses: [429, 500, 503],
        appliedShare: 0.5,
        timeoutShare: 0.03,
        timeoutDelayMs: 1_500,
        seed: 7,
      });

      const first = world.spawn(["run", "plugin.yaml"], dir, env);
      const firstPort = await first.ready();
      // Kill the plugin while the burst is being delivered and handled.
      const killer = eventually(
        () => Promise.resolve(sentReplies(sim) >= 40 ? true : undefined),
        "40 replies before the kill",
        30_000,
      ).then(() => first.child.kill("SIGKILL"));
      const acknowledgedFirst = await deliver(sim, `http://127.0.0.1:${firstPort}/hooks`, events);
      await killer;
      await first.exited;
      expect(acknowledgedFirst.size).toBeGreaterThan(40);
      expect(acknowledgedFirst.size).toBeLessThan(events.length);

      // Crisp delivers everything again: what was acknowledged (duplicates) and what was not.
      const second = world.spawn(["run", "plugin.yaml"], dir, env);
      const secondPort = await second.ready();
      const acknowledgedSecond = await deliver(sim, `http://127.0.0.1:${secondPort}/hooks`, events);
      expect(acknowledgedSecond.size).toBe(events.length);

      const store = await openStoreOf(backend, dir, redisUrl);
      try {
        const done = await eventually(
          async () => {
            const letters = await store.listDeadLetters();
            return events.every((event) => replyCount(sim, event) >= 1 || deadLettered(letters, event))
              ? letters
              : undefined;
          },
          "every event answered or dead-lettered",
          60_000,
        );
        // Exactly once: no event answered twice, none lost.
        const counts = events.map((event) => replyCount(sim, event));
        expect(counts.filter((count) => count > 1)).toEqual([]);
        const lost = events.filter((event) => replyCount(sim, event) === 0 && !deadLettered(done, event));
        expect(lost).toEqual([]);
        for (const letter of done) expect(letter.reason).not.toBe("");
        // Every answered conversation was tagged (the second step ran too).
        for (const event of events.filter((e) => replyCount(sim, e) === 1)) {
          expect(sim.conversation(event.websiteId, event.sessionId)?.meta.segments).toContain("answered");
        }
        // The kill left work half done, and the restart resumed it.
        expect(second.matching(/resuming \d+ event/)).toHaveLength(1);
        expect(second.matching(/duplicate delivery/).length).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
    }, 120_000);
  });
}

/** Messages the plugin got into conversations (what Crisp stored, whatever it answered). */
function sentReplies(sim: CrispSimulator): number {
  let count = 0;
  for (const websiteId of WEBSITES) {
    for (let conversation = 0; conversation < CONVERSATIONS; conversation += 1) {
      count += (sim.conversation(websiteId, `session-${conversation}`)?.messages ?? []).filter(
        (message) => message.origin === URN,
      ).length;
    }
  }
  return count;
}

function replyCount(sim: CrispSimulator, event: SentEvent): number {
  return (sim.conversation(event.websiteId, event.sessionId)?.messages ?? []).filter(
    (message) => message.origin === URN && message.content === `Re: ${event.content}`,
  ).length;
}

function deadLettered(letters: readonly DeadLetter[], event: SentEvent): boolean {
  return letters.some(
    (letter) =>
      letter.websiteId === event.websiteId &&
      letter.sessionId === event.sessionId &&
      letter.action === "send_message" &&
      (letter.params as { content?: unknown } | undefined)?.content === `Re: ${event.content}`,
  );
}

async function openStoreOf(backend: "sqlite" | "redis", dir: string, url?: () => string): Promise<Store> {
  return backend === "sqlite"
    ? openSqliteStore(join(dir, ".crisp-plugin", "store.db"))
    : openRedisStore((url as () => string)(), { prefix: "crisp-plugin:" });
}
