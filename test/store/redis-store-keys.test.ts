import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLEAN_UP_MARGIN_MS } from "../../src/runtime/store/clean-up-margin.js";
import { openRedisStore } from "../../src/runtime/store/redis-store.js";
import type { Store } from "../../src/core/ports/store.js";
import { skipRedis, startRedisServer, useRedisServer } from "../support/redis-server.js";
import { deadLetter, ids, lease, T0, workItem } from "./store-fixtures.js";

describe.skipIf(skipRedis)("redis store keys", () => {
  const redisUrl = useRedisServer();
  let client: Redis | undefined;
  beforeAll(() => {
    client = new Redis(redisUrl());
  });
  afterAll(async () => {
    await client?.quit();
  });
  /** A plain client on the same server, to look at the keys the store wrote. */
  function raw(): Redis {
    if (client === undefined) throw new Error("the Redis client is not connected");
    return client;
  }

  async function withStore(prefix: string, test: (store: Store) => Promise<void>): Promise<void> {
    const store = await openRedisStore(redisUrl(), { prefix });
    try {
      await test(store);
    } finally {
      await store.close();
    }
  }

  it("writes every key under its prefix, and stores under other prefixes see nothing", async () => {
    const prefix = `test-${randomUUID()}:`;
    await withStore(prefix, async (store) => {
      await store.accept(workItem("a", { cancelOn: ["x"] }), { key: "e", until: T0 + 1 }, lease("p1", T0));
      await store.schedule(workItem("b", { cancelOn: ["x"] }));
      await store.setStep("a", "r#0", { state: "started" });
      await store.claimGuard("once", "a", null, T0);
      await store.increment("quota", 1, T0 + 1, T0);
      expect(ids(await store.claimDue(lease("p1", T0), 1))).toEqual(["b"]);
      await store.addDeadLetter(deadLetter("d", T0));
    });
    const keys = await raw().keys(`*${prefix}*`);
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.filter((key) => !key.startsWith(prefix))).toEqual([]);
    await withStore(`test-${randomUUID()}:`, async (other) => {
      expect(await other.claimDue(lease("p2", T0 + 1e9), 10)).toEqual([]);
      expect(await other.claimGuard("once", "b", null, T0)).toBe(true);
      expect(await other.listDeadLetters()).toEqual([]);
    });
  });

  it("expires clean-up keys the margin after the caller's end, measured from its now, even for a clock in 1970", async () => {
    const prefix = `test-${randomUUID()}:`;
    const now = 1_000;
    await withStore(prefix, async (store) => {
      await store.accept(workItem("a"), { key: "event", until: now + 60_000 }, lease("p1", now));
      await store.claimGuard("cooldown", "a", now + 5_000, now);
      await store.claimGuard("once", "a", null, now);
      await store.increment("quota", 1, now + 10_000, now);
      await store.setStep("a", "r#0", { state: "started" });
      expect(await store.accept(workItem("b"), { key: "event", until: now + 60_000 }, lease("p1", now + 1))).toBe(
        "duplicate",
      );
      expect(await store.readCounter("quota", now + 1)).toBe(1);
    });
    const ttl = (key: string) => raw().pttl(`${prefix}${key}`);
    expect(await ttl("dedupe:event")).toBeGreaterThan(60_000 + CLEAN_UP_MARGIN_MS - 5_000);
    expect(await ttl("dedupe:event")).toBeLessThanOrEqual(60_000 + CLEAN_UP_MARGIN_MS);
    expect(await ttl("guard:cooldown")).toBeGreaterThan(5_000 + CLEAN_UP_MARGIN_MS - 5_000);
    expect(await ttl("counter:quota")).toBeGreaterThan(10_000 + CLEAN_UP_MARGIN_MS - 5_000);
    expect(await ttl("guard:once")).toBe(-1);
    expect(await ttl("item:a")).toBe(-1);
    expect(await ttl("steps:a")).toBe(-1);
  });

  it("leaves nothing of a completed or cancelled item behind", async () => {
    const prefix = `test-${randomUUID()}:`;
    await withStore(prefix, async (store) => {
      await store.accept(workItem("a", { cancelOn: ["x"] }), { key: "e", until: T0 + 1 }, lease("p1", T0));
      await store.schedule(workItem("b", { cancelOn: ["x"] }));
      await store.schedule(workItem("c"));
      await store.setStep("b", "r#0", { state: "started" });
      expect(ids(await store.claimDue(lease("p2", T0), 1))).toEqual(["b"]);
      await store.schedule(workItem("b", { cancelOn: ["x"], dueAt: T0 + 5 }));
      expect(await store.cancel("website-1/session-1", "x")).toEqual(["b"]);
      await store.complete("a");
      await store.complete("c");
    });
    expect((await raw().keys(`${prefix}*`)).sort()).toEqual([`${prefix}dedupe:e`]);
  });
});

describe.skipIf(skipRedis)("redis store connection", () => {
  it("refuses to open when Redis cannot be reached, naming the URL without its password", async () => {
    const port = await closedPort();
    const opening = openRedisStore(`redis://:hunter2@127.0.0.1:${port}/0`);
    await expect(opening).rejects.toMatchObject({ code: "CONFIGURATION_INVALID" });
    await expect(opening).rejects.toThrow(`redis://:***@127.0.0.1:${port}/0`);
    await expect(opening).rejects.not.toThrow(/hunter2/);
  });

  it("rejects an operation while Redis is down, and works again once it is back", async () => {
    const server = await startRedisServer();
    const store = await openRedisStore(server.url, { prefix: `test-${randomUUID()}:` });
    try {
      await server.stop();
      await expect(store.schedule(workItem("a"))).rejects.toThrow();
      await server.start();
      await expect
        .poll(
          () =>
            store.schedule(workItem("a")).then(
              () => "stored",
              () => "down",
            ),
          { timeout: 10_000 },
        )
        .toBe("stored");
      expect(ids(await store.claimDue(lease("p1", T0), 1))).toEqual(["a"]);
    } finally {
      await store.close();
      await server.stop();
    }
  });
});

/** A loopback port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        resolve(typeof address === "object" && address !== null ? address.port : 1);
      });
    });
  });
}
