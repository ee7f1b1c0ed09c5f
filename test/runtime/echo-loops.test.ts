import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { createLogger } from "../../src/core/logging/logger.js";
import { startRuntime } from "../../src/runtime/run/start-runtime.js";
import type { Runtime } from "../../src/runtime/run/runtime.js";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { startCrispSimulator } from "../../src/devkit/simulator/start-crisp-simulator.js";
import { REPO_ROOT, WAIT_MS } from "./runtime-harness.js";

const URN = "urn:test:echo-loops:0";
const WEBSITE = "website-1";
const SESSION = "session-1";

/** "When the state changes, put the conversation back to pending": it writes what triggers it. */
const BACK_TO_PENDING = {
  id: "back-to-pending",
  on: "session:set_state",
  do: [{ action: "set_state", with: { state: "pending" } }],
};

/**
 * A simulator that echoes REST writes as Crisp does, and a runtime started in-process on it, with
 * its log kept as lines.
 */
class EchoWorld {
  readonly lines: string[] = [];
  readonly #waiters = new Set<() => void>();
  sim!: CrispSimulator;
  runtime!: Runtime;
  dir!: string;

  /** Starts both; `hooks`, when given, writes the hooks module's source for this simulator. */
  async start(manifest: Record<string, unknown>, hooks?: (sim: CrispSimulator) => string): Promise<this> {
    this.dir = await mkdtemp(join(tmpdir(), "crisp-plugin-echo-"));
    this.sim = await startCrispSimulator({ websites: [{ website_id: WEBSITE }], pluginUrn: URN });
    if (hooks !== undefined) {
      // A hooks module that imports crisp-api, as a ported plugin's does, finds it here.
      await symlink(join(REPO_ROOT, "node_modules"), join(this.dir, "node_modules"));
      await writeFile(join(this.dir, "hooks.ts"), hooks(this.sim));
    }
    this.sim.createConversation(WEBSITE, { session_id: SESSION });
    await writeFile(
      join(this.dir, "plugin.yaml"),
      stringify({
        version: 1,
        plugin: { urn: URN, name: "Echo Loops" },
        scopes: [{ scope: "website:conversation:states", access: ["read", "write"], why: "Reopen conversations." }],
        ...manifest,
      }),
    );
    this.runtime = await startRuntime({
      manifest: "plugin.yaml",
      cwd: this.dir,
      identifier: this.sim.credentials.identifier,
      key: this.sim.credentials.key,
      restHost: this.sim.url,
      mode: "websockets",
      port: 0,
      host: "127.0.0.1",
      watch: false,
      log: createLogger({
        level: "debug",
        write: (line) => {
          this.lines.push(line);
          for (const waiter of [...this.#waiters]) waiter();
        },
      }),
    });
    return this;
  }

  /** An operator resolves the conversation in the Crisp inbox: Crisp tells the plugin. */
  operatorResolves(): void {
    this.sim.emit(WEBSITE, "session:set_state", { session_id: SESSION, inbox_id: null, state: "resolved" });
  }

  /** The first log line matching `pattern`, now or once it is written. */
  waitForLine(pattern: RegExp): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const line = this.lines.find((candidate) => pattern.test(candidate));
        if (line === undefined) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(line);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`no log line matching ${String(pattern)} within ${WAIT_MS} ms:\n${this.lines.join("\n")}`));
      }, WAIT_MS);
      this.#waiters.add(check);
      check();
    });
  }

  /** The state changes the plugin made. */
  stateChanges(): number {
    return this.sim.calls({ route: "changeConversationState", websiteId: WEBSITE }).length;
  }

  async dispose(): Promise<void> {
    await this.runtime.close(1_000).catch(() => undefined);
    await this.sim.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}

let world: EchoWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

describe("a rule that writes what triggers it, against a Crisp that echoes writes", () => {
  it("runs once: the echo of its own write is recognised, and the decision says so", async () => {
    world = await new EchoWorld().start({ rules: [BACK_TO_PENDING] });

    world.operatorResolves();

    const echo = await world.waitForLine(/rule back-to-pending own-event: the event echoes this plugin's own write/);
    expect(echo).toContain('state "pending"');
    await world.runtime.idle();
    expect(world.stateChanges()).toBe(1);
    expect(world.sim.conversation(WEBSITE, SESSION)?.state).toBe("pending");
  });

  it("loops with include_own_events, until the circuit breaker stops it, logged once with the rule", async () => {
    world = await new EchoWorld().start({ rules: [{ ...BACK_TO_PENDING, include_own_events: true }] });

    world.operatorResolves();

    const stopped = await world.waitForLine(/circuit breaker: conversation website-1\/session-1 ran 20 actions/);
    expect(stopped).toContain("rules back-to-pending");
    await world.runtime.idle();
    expect(world.stateChanges()).toBe(20);
    expect(world.lines.filter((line) => line.includes("circuit breaker:"))).toHaveLength(1);
  });

  it("stops at the limit the manifest sets in circuit_breaker", async () => {
    world = await new EchoWorld().start({
      circuit_breaker: { actions_per_minute: 5 },
      rules: [{ ...BACK_TO_PENDING, include_own_events: true }],
    });

    world.operatorResolves();

    await world.waitForLine(/circuit breaker: conversation website-1\/session-1 ran 5 actions/);
    await world.runtime.idle();
    expect(world.stateChanges()).toBe(5);
  });
});

describe("a loop no analysis can see", () => {
  it("a hook that writes the state with its own crisp-api client is stopped by the circuit breaker", async () => {
    // The hook keeps its own client, as a ported plugin does: neither `validate` nor the memory of
    // the plugin's writes (which sees `ctx.crisp`) knows what it changes.
    const hooks = (sim: CrispSimulator): string => `
      import { Crisp } from "crisp-api";
      import { defineHooks } from ${JSON.stringify(join(REPO_ROOT, "src/core/hooks/define-hooks.ts"))};
      const client = new Crisp();
      client.authenticateTier("plugin", ${JSON.stringify(sim.credentials.identifier)}, ${JSON.stringify(sim.credentials.key)});
      client.setRestHost(${JSON.stringify(sim.url)});
      export default defineHooks({
        reopen: {
          run: async (ctx) => {
            await client.website.changeConversationState(ctx.event.website_id, ctx.event.session_id ?? "", "pending");
            return {};
          },
        },
      });
    `;
    const rules = [{ id: "reopen", on: "session:set_state", do: [{ action: "hook:reopen" }] }];
    world = await new EchoWorld().start({ hooks: "./hooks.ts", rules }, hooks);

    world.operatorResolves();

    const stopped = await world.waitForLine(/circuit breaker: conversation website-1\/session-1 ran 20 actions/);
    expect(stopped).toContain("rules reopen");
    await world.runtime.idle();
    expect(world.stateChanges()).toBe(20);
  });
});
