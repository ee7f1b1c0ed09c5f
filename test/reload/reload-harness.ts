import { writeFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { stringify } from "yaml";
import type { ReloadStatus } from "../../src/runtime/run/create-reloader.js";
import { createLogger } from "../../src/core/logging/logger.js";
import { startRuntimeInternals, type RuntimeInternals } from "../../src/runtime/run/start-runtime.js";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import type { WebsiteSeed } from "../../src/devkit/simulator/simulated-website.js";
import { startCrispSimulator } from "../../src/devkit/simulator/start-crisp-simulator.js";

import { WAIT_MS } from "../support/wait-ms.js";

/** The URN of every test manifest. */
export const URN = "urn:test:reload:0";

export { WAIT_MS };

/** Reading and answering messages: what a rule replying to visitors needs. */
export const MESSAGE_SCOPES = [
  { scope: "website:conversation:messages", access: ["read", "write"], why: "Read and answer messages." },
];

/** The parts of a manifest a test chooses; the rest is a valid default. */
export interface ManifestParts {
  readonly rules: readonly Record<string, unknown>[];
  readonly scopes?: readonly Record<string, unknown>[];
  readonly settings?: Record<string, unknown>;
  readonly hooks?: string;
  /** `circuit_breaker:`; left out, the default (20 steps a minute per conversation). */
  readonly circuitBreaker?: { readonly actions_per_minute: number };
}

/** A valid manifest as YAML text. */
export function manifestYaml(parts: ManifestParts): string {
  return stringify({
    version: 1,
    plugin: { urn: URN, name: "Reload Test" },
    scopes: parts.scopes ?? MESSAGE_SCOPES,
    ...(parts.settings ? { settings: parts.settings } : {}),
    ...(parts.hooks ? { hooks: parts.hooks } : {}),
    ...(parts.circuitBreaker ? { circuit_breaker: parts.circuitBreaker } : {}),
    rules: parts.rules,
  });
}

/** A rule answering every visitor's message with `content` (a template). */
export function replyRule(id: string, content: string): Record<string, unknown> {
  return {
    id,
    on: "message:send",
    if: [{ path: "data.from", equals: "user" }],
    do: [{ action: "send_message", with: { content } }],
  };
}

/** One message the plugin sent, as the simulator recorded it. */
export interface Reply {
  readonly websiteId: string;
  readonly sessionId: string;
  readonly content: string;
}

/** The session of the test conversation on `websiteId`: one per website, each distinct. */
export function sessionOf(websiteId: string): string {
  return `session_${websiteId}`;
}

/**
 * One test's world: a simulator with websites (each with one open conversation), a plugin
 * directory in the system's temp dir and a runtime started on it in-process (WebSockets mode,
 * watching its files), logging into `lines`. `dispose()` (in `afterEach`) closes all of it.
 */
export class ReloadWorld {
  readonly lines: string[] = [];
  #sim: CrispSimulator | undefined;
  #runtime: RuntimeInternals | undefined;
  #dir: string | undefined;

  get sim(): CrispSimulator {
    if (this.#sim === undefined) throw new Error("the world is not started");
    return this.#sim;
  }

  get runtime(): RuntimeInternals {
    if (this.#runtime === undefined) throw new Error("the world is not started");
    return this.#runtime;
  }

  get dir(): string {
    if (this.#dir === undefined) throw new Error("the world is not started");
    return this.#dir;
  }

  /** Starts the simulator, writes `files` (plugin.yaml among them) and starts the runtime. */
  async start(options: { websites: readonly WebsiteSeed[]; files: Readonly<Record<string, string>> }): Promise<this> {
    this.#sim = await startCrispSimulator({ websites: options.websites, pluginUrn: URN });
    for (const website of options.websites) {
      this.#sim.createConversation(website.website_id, { session_id: sessionOf(website.website_id) });
    }
    this.#dir = await mkdtemp(join(tmpdir(), "crisp-plugin-reload-"));
    for (const [name, text] of Object.entries(options.files)) await this.write(name, text);
    this.#runtime = await startRuntimeInternals({
      manifest: "plugin.yaml",
      cwd: this.#dir,
      identifier: this.#sim.credentials.identifier,
      key: this.#sim.credentials.key,
      restHost: this.#sim.url,
      mode: "websockets",
      port: 0,
      host: "127.0.0.1",
      log: createLogger({ level: "debug", write: (line) => this.lines.push(line) }),
    });
    return this;
  }

  /** Writes a file of the plugin directory (folders made as needed) in place, as an editor saving it does. */
  async write(name: string, text: string): Promise<void> {
    const file = join(this.dir, name);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  }

  /**
   * Saves `name` and resolves with the reload status once a reload that started after the save
   * ended and `done` holds (by default: any reload), with the log lines written meanwhile. Under
   * load the watcher may report one save twice; `done` tells this save's reload from such a repeat
   * of the one before. Only one save may wait at a time.
   */
  /**
   * Writes `texts` to `name` one after the other in one synchronous burst (as an editor's save-all
   * does, and so within the watcher's debounce even on a loaded machine), then waits as `save` does.
   */
  async saveBurst(
    name: string,
    texts: readonly string[],
    done: (status: ReloadStatus, runtime: RuntimeInternals) => boolean,
  ): Promise<{ status: ReloadStatus; lines: string[] }> {
    const before = this.runtime.reloader.status().count;
    const from = this.lines.length;
    for (const text of texts) writeFileSync(join(this.dir, name), text);
    const status = await eventually(() => {
      const now = this.runtime.reloader.status();
      return now.count > before && done(now, this.runtime) ? now : undefined;
    }, `a reload after saving ${name}`);
    return { status, lines: this.lines.slice(from) };
  }

  async save(
    name: string,
    text: string,
    done: (status: ReloadStatus, runtime: RuntimeInternals) => boolean = () => true,
  ): Promise<{ status: ReloadStatus; lines: string[] }> {
    const before = this.runtime.reloader.status().count;
    const from = this.lines.length;
    await this.write(name, text);
    const status = await eventually(() => {
      const now = this.runtime.reloader.status();
      return now.count > before && done(now, this.runtime) ? now : undefined;
    }, `a reload after saving ${name}`);
    return { status, lines: this.lines.slice(from) };
  }

  /**
   * Saves `name` unchanged until the watcher reloads for it, then waits for the reloads to stop, so
   * that a test's own saves start from a quiet watcher.
   */
  async untilWatching(name: string): Promise<void> {
    const text = await readFile(join(this.dir, name), "utf8");
    const count = (): number => this.runtime.reloader.status().count;
    const before = count();
    for (let attempt = 0; count() === before; attempt++) {
      if (attempt === 40) throw new Error(`the watcher did not see ${name} change after 40 saves`);
      await this.write(name, text);
      await eventually(() => (count() > before ? true : undefined), "a reload", 250).catch(() => false);
    }
    let seen = count();
    let since = performance.now();
    await eventually(() => {
      if (count() !== seen) [seen, since] = [count(), performance.now()];
      return performance.now() - since >= 200 ? true : undefined;
    }, "the reloads to stop");
  }

  /** A visitor's text message in the website's conversation, delivered over the RTM socket. */
  say(websiteId: string, content: string, fingerprint: number): number {
    return this.sim.emit(websiteId, "message:send", {
      session_id: sessionOf(websiteId),
      type: "text",
      from: "user",
      origin: "chat",
      content,
      fingerprint,
      timestamp: Date.now(),
    });
  }

  /** Every message the plugin sent, in the order the simulator answered them. */
  replies(): Reply[] {
    return this.sim.calls({ route: "sendMessageInConversation" }).map((call) => ({
      websiteId: call.websiteId ?? "",
      sessionId: call.sessionId ?? "",
      content: String((call.body as { content?: unknown } | null)?.content),
    }));
  }

  /** Resolves once the plugin has sent at least `count` messages; answers them. */
  untilReplies(count: number, timeoutMs = WAIT_MS): Promise<Reply[]> {
    return eventually(
      () => {
        const replies = this.replies();
        return replies.length >= count ? replies : undefined;
      },
      `${count} replies`,
      timeoutMs,
    );
  }

  /**
   * Resolves once no call reached the simulator for `quietMs` and the runtime's queue is empty:
   * everything emitted so far has been handled.
   */
  async settle(quietMs = 300, timeoutMs = WAIT_MS): Promise<void> {
    let count = -1;
    let since = performance.now();
    await this.runtime.idle();
    await eventually(
      () => {
        const now = this.sim.calls().length;
        if (now !== count) {
          count = now;
          since = performance.now();
          return undefined;
        }
        return performance.now() - since >= quietMs ? true : undefined;
      },
      "the calls to stop changing",
      timeoutMs,
    );
    await this.runtime.idle();
  }

  /** The log lines matching `pattern`. */
  matching(pattern: RegExp): string[] {
    return this.lines.filter((line) => pattern.test(line));
  }

  /** Resolves with the first log line matching `pattern`, now or later. */
  waitForLine(pattern: RegExp, timeoutMs = WAIT_MS): Promise<string> {
    return eventually(
      () => this.lines.find((line) => pattern.test(line)),
      `a log line matching ${String(pattern)}`,
      timeoutMs,
    );
  }

  async dispose(): Promise<void> {
    await this.#runtime?.close(2_000);
    await this.#sim?.close();
    if (this.#dir !== undefined) await rm(this.#dir, { recursive: true, force: true });
    this.#runtime = undefined;
    this.#sim = undefined;
    this.#dir = undefined;
    this.lines.length = 0;
  }
}

/** Polls `probe` every 5 ms until it answers something other than `undefined`; rejects after `timeoutMs`. */
export async function eventually<T>(probe: () => T | undefined, what: string, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
