import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { createLogger } from "../../src/core/logging/logger.js";
import { startRuntimeInternals, type RuntimeInternals } from "../../src/runtime/run/start-runtime.js";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { startCrispSimulator, type CrispSimulatorOptions } from "../../src/devkit/simulator/start-crisp-simulator.js";
import { createMemoryStore } from "../../src/runtime/store/memory-store.js";
import { openRedisStore } from "../../src/runtime/store/redis-store.js";
import { openSqliteStore } from "../../src/runtime/store/sqlite-store.js";
import type { Store } from "../../src/core/ports/store.js";

export const URN = "urn:test:durable:0";
export const WEBSITE = "website-1";

/** How a test opens "the same store" again after a restart; `memory` hands back the same object. */
export interface StoreBackend {
  readonly name: "memory" | "sqlite" | "redis";
  /** Opens the store of this test (again). */
  open(): Promise<Store>;
}

/** The backends the durability suites run on. Redis needs a URL (see test/support/redis-server.ts). */
export function backend(name: StoreBackend["name"], dir: () => string, redisUrl?: () => string): StoreBackend {
  if (name === "memory") {
    const store = createMemoryStore();
    return { name, open: () => Promise.resolve(store) };
  }
  if (name === "sqlite") return { name, open: () => Promise.resolve(openSqliteStore(join(dir(), "store.db"))) };
  const prefix = `durable-${String(process.pid)}-${Math.random().toString(36).slice(2)}:`;
  return {
    name,
    open: () => {
      if (redisUrl === undefined) throw new Error("no Redis URL");
      return openRedisStore(redisUrl(), { prefix });
    },
  };
}

/**
 * A simulator with one website, a plugin directory with a manifest, and a runtime started
 * in-process on a store, with a clock the test moves. `restart()` closes the runtime and its store
 * and starts both again, as a new process would.
 */
export class DurableWorld {
  readonly lines: string[] = [];
  /** The runtime's clock (ms since the epoch); tests move it, then `poll()`. */
  now = Date.parse("2030-01-07T10:00:00Z");
  sim!: CrispSimulator;
  runtime!: RuntimeInternals;
  store!: Store;
  dir!: string;
  #backend!: StoreBackend;

  async start(
    rules: readonly Record<string, unknown>[],
    makeBackend: (dir: () => string) => StoreBackend,
    simulator: Partial<CrispSimulatorOptions> = {},
  ): Promise<this> {
    this.dir = await mkdtemp(join(tmpdir(), "crisp-plugin-durable-"));
    this.#backend = makeBackend(() => this.dir);
    this.sim = await startCrispSimulator({ websites: [{ website_id: WEBSITE }], pluginUrn: URN, ...simulator });
    await writeFile(
      join(this.dir, "plugin.yaml"),
      stringify({
        version: 1,
        plugin: { urn: URN, name: "Durable Test" },
        scopes: [
          { scope: "website:conversation:messages", access: ["read", "write"], why: "Answer." },
          { scope: "website:conversation:sessions", access: ["read", "write"], why: "Tag." },
        ],
        rules,
      }),
    );
    await this.#startRuntime();
    return this;
  }

  async #startRuntime(): Promise<void> {
    this.store = await this.#backend.open();
    this.runtime = await startRuntimeInternals({
      manifest: "plugin.yaml",
      cwd: this.dir,
      identifier: this.sim.credentials.identifier,
      key: this.sim.credentials.key,
      restHost: this.sim.url,
      mode: "websockets",
      port: 0,
      host: "127.0.0.1",
      watch: false,
      store: this.store,
      instance: "test-instance",
      workPollIntervalMs: 3_600_000,
      now: () => new Date(this.now),
      log: createLogger({ level: "debug", write: (line) => this.lines.push(line) }),
    });
  }

  /** Stops the runtime (letting its steps finish) and its store, then starts both again. */
  async restart(): Promise<void> {
    await this.runtime.close(5_000);
    if (this.#backend.name !== "memory") await this.store.close();
    await this.#startRuntime();
  }

  /** Moves the clock by `ms`, takes the work that is due, and waits until it ran. */
  async advance(ms: number): Promise<number> {
    this.now += ms;
    const taken = await this.runtime.work.poll();
    await this.idle();
    return taken;
  }

  /** Waits until every queued event and step has run. */
  idle(): Promise<void> {
    return this.runtime.idle();
  }

  /** Events the runtime counted, whatever their outcome. */
  async received(): Promise<number> {
    const { values } = await this.runtime.metrics.eventsReceived.get();
    return values.reduce((sum, { value }) => sum + value, 0);
  }

  /** Emits an event over the RTM socket and waits until the runtime counted it and handled it. */
  async emit(name: string, data: Record<string, unknown>): Promise<void> {
    const before = await this.received();
    this.sim.emit(WEBSITE, name, data);
    const deadline = Date.now() + 5_000;
    while ((await this.received()) === before) {
      if (Date.now() > deadline) throw new Error(`${name} was not received within 5 s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await this.idle();
  }

  /** The visitor writes `content` in `session` (over the RTM socket); resolves once it was handled. */
  async visitorWrites(session: string, content: string, extra: Record<string, unknown> = {}): Promise<void> {
    if (this.sim.conversation(WEBSITE, session) === undefined)
      this.sim.createConversation(WEBSITE, { session_id: session });
    await this.emit("message:send", {
      session_id: session,
      type: "text",
      from: "user",
      origin: "chat",
      content,
      fingerprint: Math.floor(Math.random() * 1e12),
      timestamp: this.now,
      ...extra,
    });
  }

  /** The texts the plugin sent into `session` and Crisp took, in order. */
  replies(session?: string): string[] {
    return this.sim
      .calls({ route: "sendMessageInConversation", websiteId: WEBSITE })
      .filter((call) => call.status < 400 && (session === undefined || call.sessionId === session))
      .map((call) => String((call.body as { content?: unknown }).content));
  }

  async dispose(): Promise<void> {
    await this.runtime.close(1_000).catch(() => undefined);
    if (this.#backend.name !== "memory") await this.store.close().catch(() => undefined);
    await this.sim.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}
