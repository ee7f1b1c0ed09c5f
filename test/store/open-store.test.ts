import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore, type OpenedStore, type OpenStoreOptions } from "../../src/runtime/store/open-store.js";
import { skipRedis, useRedisServer } from "../support/redis-server.js";

let cwd: string;
let opened: OpenedStore | undefined;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "crisp-open-store-"));
});
afterEach(async () => {
  await opened?.store.close();
  opened = undefined;
  await rm(cwd, { recursive: true, force: true });
});

async function open(env: NodeJS.ProcessEnv, options: Partial<OpenStoreOptions> = {}): Promise<OpenedStore> {
  opened = await openStore(env, { cwd, ...options });
  return opened;
}

describe("openStore", () => {
  it("opens SQLite at .crisp-plugin/store.db under cwd when nothing is set, creating the folder", async () => {
    const { store, description } = await open({});
    const file = join(cwd, ".crisp-plugin", "store.db");
    expect(store.kind).toBe("sqlite");
    expect(existsSync(file)).toBe(true);
    expect(description).toBe(`sqlite ${file} (the default)`);
  });

  it("opens the caller's default, memory for dev, when nothing is set", async () => {
    const { store, description } = await open({ CRISP_PLUGIN_STORE: " " }, { default: "memory" });
    expect(store.kind).toBe("memory");
    expect(description).toContain("nothing survives a restart");
    expect(existsSync(join(cwd, ".crisp-plugin"))).toBe(false);
  });

  it("opens memory or SQLite when CRISP_PLUGIN_STORE says so, even with REDIS_URL set", async () => {
    const redis = { REDIS_URL: "redis://127.0.0.1:1" };
    expect((await open({ ...redis, CRISP_PLUGIN_STORE: "Memory" })).store.kind).toBe("memory");
    await opened?.store.close();
    expect((await open({ ...redis, CRISP_PLUGIN_STORE: "sqlite" })).store.kind).toBe("sqlite");
    expect(existsSync(join(cwd, ".crisp-plugin", "store.db"))).toBe(true);
  });

  it("opens SQLite at sqlite:PATH, relative to cwd or absolute", async () => {
    const relative = await open({ CRISP_PLUGIN_STORE: "sqlite:data/plugin.db" });
    expect(relative.description).toBe(`sqlite ${join(cwd, "data", "plugin.db")} (CRISP_PLUGIN_STORE)`);
    expect(existsSync(join(cwd, "data", "plugin.db"))).toBe(true);
    await relative.store.close();
    const absolute = join(cwd, "elsewhere", "store.db");
    await open({ CRISP_PLUGIN_STORE: `sqlite:${absolute}` });
    expect(existsSync(absolute)).toBe(true);
  });

  it.each([
    ["postgres", /CRISP_PLUGIN_STORE must be memory, sqlite, sqlite:PATH or redis, not "postgres"/],
    ["memory:x", /CRISP_PLUGIN_STORE must be .*, not "memory:x"/],
    ["redis:x", /CRISP_PLUGIN_STORE must be .*, not "redis:x"/],
    ["sqlite:", /sqlite: needs a file after the colon/],
    ["redis", /CRISP_PLUGIN_STORE=redis needs REDIS_URL/],
  ])("refuses CRISP_PLUGIN_STORE=%s, saying what to set", async (value, message) => {
    const opening = openStore({ CRISP_PLUGIN_STORE: value }, { cwd });
    await expect(opening).rejects.toMatchObject({ name: "KitError", code: "CONFIGURATION_INVALID" });
    await expect(opening).rejects.toThrow(message);
  });

  it.each([
    ["http://user:hunter2@example.com", "http://***:***@example.com/"],
    ["localhost:6379", "localhost:6379"],
    ["redis//:hunter2@host", "(unparsable URL)"],
  ])("refuses REDIS_URL=%s without echoing a password", async (url, shown) => {
    const opening = openStore({ REDIS_URL: url }, { cwd });
    await expect(opening).rejects.toMatchObject({ code: "CONFIGURATION_INVALID" });
    await expect(opening).rejects.toThrow(`REDIS_URL must be a redis:// or rediss:// URL`);
    await expect(opening).rejects.toThrow(shown);
    await expect(opening).rejects.not.toThrow(/hunter2/);
  });
});

describe.skipIf(skipRedis)("openStore with Redis", () => {
  const redisUrl = useRedisServer({ password: "hunter2" });

  it("opens Redis when REDIS_URL is set, describing it without the password", async () => {
    const { store, description } = await open({ REDIS_URL: redisUrl() }, { default: "memory" });
    expect(store.kind).toBe("redis");
    expect(await store.increment(`open-store-test-${Date.now()}`, 1, 2, 1)).toBe(1);
    expect(description).toBe(
      `redis ${redisUrl().replace("hunter2", "***")}, keys under crisp-plugin: (REDIS_URL is set)`,
    );
    expect(description).not.toContain("hunter2");
  });

  it("refuses a wrong password without echoing it", async () => {
    const opening = openStore({ REDIS_URL: redisUrl().replace("hunter2", "wrong-secret") }, { cwd });
    await expect(opening).rejects.toMatchObject({ code: "CONFIGURATION_INVALID" });
    await expect(opening).rejects.not.toThrow(/wrong-secret/);
  });

  it("opens Redis when CRISP_PLUGIN_STORE=redis", async () => {
    const { store } = await open({ CRISP_PLUGIN_STORE: "redis", REDIS_URL: redisUrl() });
    expect(store.kind).toBe("redis");
    expect(existsSync(join(cwd, ".crisp-plugin"))).toBe(false);
  });
});
