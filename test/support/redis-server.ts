import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { freePort } from "./free-port.js";

const REDIS_SERVER = findRedisServer();

/** Whether `redis-server` is installed on this machine. */
export const redisAvailable = REDIS_SERVER !== undefined;

/**
 * Whether Redis suites skip: `redis-server` is missing and this is not CI. In CI (`CI=true`) they run
 * and fail, so a machine without Redis never passes by skipping them.
 */
export const skipRedis = !redisAvailable && process.env.CI !== "true";

if (skipRedis) console.warn("Redis store suites skipped: redis-server not found (apt-get install redis-server)");

/** How to start a test `redis-server`. */
export interface RedisServerOptions {
  /** Requires this password (`--requirepass`); the URL then carries it. */
  readonly password?: string;
  /**
   * Keeps an append-only file (`--appendonly yes`, fsync every second, as docs/deploying.md
   * advises) in a temp folder of its own, so that `stop()` then `start()` finds the data again.
   */
  readonly appendOnly?: boolean;
}

/** A `redis-server` this test process started, on a loopback port, persisting nothing. */
export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM, SIGKILL after 5 s); it can be started again on the same port. */
  stop(): Promise<void>;
  /** Starts the server again on the same port after `stop()`: empty, or with its data when `appendOnly`. */
  start(): Promise<void>;
}

/**
 * Starts a `redis-server` before the suite's tests and stops it after them; returns a getter for its
 * URL. Fails with a clear message when `redis-server` is missing (suites skip before that unless CI).
 */
export function useRedisServer(options: RedisServerOptions = {}): () => string {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await startRedisServer(options);
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (server === undefined) throw new Error("the Redis server is not started: call redisUrl() inside a test");
    return server.url;
  };
}

/** Starts a `redis-server` on a free loopback port and waits until it answers PING. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  if (REDIS_SERVER === undefined) {
    throw new Error("redis-server not found, and CI=true requires the Redis suites: apt-get install redis-server");
  }
  const binary = REDIS_SERVER;
  const extra = options.password === undefined ? [] : ["--requirepass", options.password];
  if (options.appendOnly === true) {
    const dir = mkdtempSync(join(tmpdir(), "crisp-plugin-redis-"));
    folders.add(dir);
    extra.push("--appendonly", "yes", "--appendfsync", "everysec", "--dir", dir);
  }
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    try {
      return serve(binary, port, extra, options.password, await launch(binary, port, extra));
    } catch (error) {
      lastError = error; // most likely the port was taken between freePort() and the launch
    }
  }
  throw lastError;
}

function serve(
  binary: string,
  port: number,
  extra: readonly string[],
  password: string | undefined,
  first: ChildProcess,
): RedisServer {
  let child: ChildProcess | undefined = first;
  return {
    url:
      password === undefined
        ? `redis://127.0.0.1:${port}`
        : `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    port,
    async stop() {
      const running = child;
      child = undefined;
      if (running !== undefined) await terminate(running);
    },
    async start() {
      if (child !== undefined) throw new Error("the Redis server is already running");
      child = await launch(binary, port, extra);
    },
  };
}

const running = new Set<ChildProcess>();
const folders = new Set<string>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

async function launch(binary: string, port: number, extra: readonly string[]): Promise<ChildProcess> {
  // Later arguments win: `extra` may turn the append-only file on, in a folder of its own.
  const args = ["--save", "", "--appendonly", "no", "--port", String(port), "--bind", "127.0.0.1", "--dir", tmpdir()];
  args.push(...extra);
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let output = "";
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-2000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.on("exit", () => running.delete(child));
  try {
    await waitForPong(port, child, () => output);
    return child;
  } catch (error) {
    await terminate(child);
    throw error;
  }
}

async function waitForPong(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited on port ${port}: ${output()}`);
    if (await answersPing(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not answer PING on port ${port} within 10 s: ${output()}`);
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.setTimeout(1000, () => socket.destroy());
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => {
      socket.destroy();
      resolve(/^(\+PONG|-NOAUTH)/.test(data.toString()));
    });
    socket.on("close", () => {
      resolve(false);
    });
    socket.on("error", () => {
      resolve(false);
    });
  });
}

function terminate(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** `redis-server` on PATH or in the usual folders; `REDIS_SERVER_BIN` names another (or, empty, none). */
function findRedisServer(): string | undefined {
  const chosen = process.env.REDIS_SERVER_BIN;
  if (chosen !== undefined) return chosen === "" ? undefined : chosen;
  const folders = [...(process.env.PATH ?? "").split(delimiter), "/usr/bin", "/usr/local/bin"];
  for (const folder of folders.filter(Boolean)) {
    const candidate = join(folder, "redis-server");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}
