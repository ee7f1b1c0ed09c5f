import { resolve } from "node:path";
import { KitError } from "../../core/errors/kit-error.js";
import { createMemoryStore } from "./memory-store.js";
import { redactUrl } from "../../core/logging/redact-url.js";
import { openSqliteStore } from "./sqlite-store.js";
import type { Store } from "../../core/ports/store.js";

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** The plugin's folder: the default SQLite file is `.crisp-plugin/store.db` in it, and a relative `sqlite:PATH` starts there. */
  readonly cwd: string;
  /** The backend when neither `CRISP_PLUGIN_STORE` nor `REDIS_URL` is set; default `sqlite` (`dev` passes `memory`). */
  readonly default?: "sqlite" | "memory";
}

/** The store the environment chose, and a line for the start-up log (never with a password). */
export interface OpenedStore {
  readonly store: Store;
  readonly description: string;
}

const CHOICES = "memory, sqlite, sqlite:PATH or redis";
const REDIS_PREFIX = "crisp-plugin:";

/**
 * Opens the store the environment asks for: `CRISP_PLUGIN_STORE` = `memory` | `sqlite` |
 * `sqlite:PATH` | `redis` (with `REDIS_URL`). Unset: Redis when `REDIS_URL` is set (replicas share
 * work through it), else the default, SQLite at `<cwd>/.crisp-plugin/store.db`. A wrong value
 * throws `CONFIGURATION_INVALID` saying what to set.
 */
export async function openStore(env: NodeJS.ProcessEnv, options: OpenStoreOptions): Promise<OpenedStore> {
  const choice = env.CRISP_PLUGIN_STORE?.trim() ?? "";
  if (choice === "") return openDefault(env, options);
  const separator = choice.indexOf(":");
  const kind = (separator === -1 ? choice : choice.slice(0, separator)).toLowerCase();
  const path = separator === -1 ? undefined : choice.slice(separator + 1);
  if (kind === "memory" && path === undefined) return openMemory("CRISP_PLUGIN_STORE=memory");
  if (kind === "redis" && path === undefined) return openRedis(env, "CRISP_PLUGIN_STORE=redis");
  if (kind === "sqlite") return openSqlite(sqlitePath(path, options.cwd), "CRISP_PLUGIN_STORE");
  throw new KitError("CONFIGURATION_INVALID", `CRISP_PLUGIN_STORE must be ${CHOICES}, not "${choice}"`);
}

function openDefault(env: NodeJS.ProcessEnv, options: OpenStoreOptions): Promise<OpenedStore> {
  if (env.REDIS_URL?.trim()) return openRedis(env, "REDIS_URL is set");
  if (options.default === "memory") return openMemory("the default for dev");
  return openSqlite(sqlitePath(undefined, options.cwd), "the default");
}

function openMemory(why: string): Promise<OpenedStore> {
  return Promise.resolve({ store: createMemoryStore(), description: `memory (${why}): nothing survives a restart` });
}

function openSqlite(file: string, why: string): Promise<OpenedStore> {
  return Promise.resolve({ store: openSqliteStore(file), description: `sqlite ${file} (${why})` });
}

async function openRedis(env: NodeJS.ProcessEnv, why: string): Promise<OpenedStore> {
  const url = env.REDIS_URL?.trim() ?? "";
  if (url === "") {
    throw new KitError(
      "CONFIGURATION_INVALID",
      "CRISP_PLUGIN_STORE=redis needs REDIS_URL (redis://[:password@]host:6379[/db]): set it, or choose CRISP_PLUGIN_STORE=sqlite",
    );
  }
  if (!/^rediss?:\/\//i.test(url) || redactUrl(url) === "(unparsable URL)") {
    throw new KitError(
      "CONFIGURATION_INVALID",
      `REDIS_URL must be a redis:// or rediss:// URL like redis://[:password@]host:6379[/db], not ${redactUrl(url)}`,
    );
  }
  const { openRedisStore } = await loadRedisStore();
  const store = await openRedisStore(url, { prefix: REDIS_PREFIX });
  return { store, description: `redis ${redactUrl(url)}, keys under ${REDIS_PREFIX} (${why})` };
}

function sqlitePath(path: string | undefined, cwd: string): string {
  if (path === undefined) return resolve(cwd, ".crisp-plugin", "store.db");
  if (path.trim() === "") {
    throw new KitError(
      "CONFIGURATION_INVALID",
      'CRISP_PLUGIN_STORE=sqlite: needs a file after the colon, like sqlite:/var/lib/my-plugin/store.db; or write "sqlite" for .crisp-plugin/store.db',
    );
  }
  return resolve(cwd, path);
}

/**
 * The Redis backend, loaded only when Redis is chosen: `ioredis` is an optional dependency, so a
 * plugin on SQLite neither loads nor needs it.
 */
async function loadRedisStore(): Promise<typeof import("./redis-store.js")> {
  try {
    return await import("./redis-store.js");
  } catch (error) {
    if ((error as { code?: unknown }).code !== "ERR_MODULE_NOT_FOUND") throw error;
    throw new KitError(
      "CONFIGURATION_INVALID",
      "the Redis store needs the ioredis package, which is not installed: run npm install ioredis, or choose CRISP_PLUGIN_STORE=sqlite",
      { cause: error },
    );
  }
}
