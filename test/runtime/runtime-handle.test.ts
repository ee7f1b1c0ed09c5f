import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/core/logging/logger.js";
import type { CrispEvent } from "../../src/core/engine/crisp-event.js";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import type { HookOutcome } from "../../src/runtime/intake/create-hooks-handler.js";
import type { Runtime } from "../../src/runtime/run/runtime.js";
import { startRuntime } from "../../src/runtime/run/start-runtime.js";
import { get, say, sentMessages, TestWorld, WAIT_MS } from "./runtime-harness.js";

const WEBSITE = "website-1";

const world = new TestWorld();
let running: Runtime | undefined;
afterEach(async () => {
  await running?.close(1_000);
  running = undefined;
  await world.dispose();
});

/** The greeter plugin started in-process with the public `startRuntime`, its events kept. */
async function startGreeter(): Promise<{
  runtime: Runtime;
  sim: CrispSimulator;
  dir: string;
  events: () => Promise<[CrispEvent, HookOutcome]>;
}> {
  const sim = await world.simulator({ websites: [{ website_id: WEBSITE, settings: { greeting: "Hi!" } }] });
  const dir = await world.pluginDir("greeter.yaml");
  const seen: [CrispEvent, HookOutcome][] = [];
  let waiter: (() => void) | undefined;
  const started = await startRuntime({
    manifest: "greeter.yaml",
    cwd: dir,
    identifier: sim.credentials.identifier,
    key: sim.credentials.key,
    restHost: sim.url,
    mode: "websockets",
    port: 0,
    host: "127.0.0.1",
    watch: false,
    log: silentLogger,
    onEvent: (event, outcome) => {
      seen.push([event, outcome]);
      waiter?.();
    },
  });
  running = started;
  /** The next event the runtime took, with its outcome. */
  const events = (): Promise<[CrispEvent, HookOutcome]> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no event within ${WAIT_MS} ms`));
      }, WAIT_MS);
      const check = (): void => {
        const first = seen.shift();
        if (first === undefined) return;
        clearTimeout(timer);
        waiter = undefined;
        resolve(first);
      };
      waiter = check;
      check();
    });
  return { runtime: started, sim, dir, events };
}

describe("the Runtime handle startRuntime gives an embedder", () => {
  it("holds the port, the plugin id, health, reload, idle and close, and none of the internals", async () => {
    const { runtime } = await startGreeter();

    expect(Object.keys(runtime).sort()).toEqual(["close", "health", "idle", "pluginId", "port", "reload"]);
    expect(runtime.port).toBeGreaterThan(0);
    expect(runtime.pluginId).not.toBe("");
  });

  it("answers health() as GET /healthz answers", async () => {
    const { runtime } = await startGreeter();

    const healthz = await get(runtime.port, "/healthz");

    expect(JSON.parse(healthz.body)).toEqual(runtime.health());
    expect(runtime.health()).toEqual({
      ok: true,
      websites: 1,
      mode: "websockets",
      store: "memory",
      reloads: { count: 0 },
      quota: { paused: false },
      socket: "holder",
      work: { held: 0, queued: 0 },
    });
  });

  it("tells onEvent what became of each event, and idle() resolves once its steps ran", async () => {
    const { events, runtime, sim } = await startGreeter();

    expect(say(sim, WEBSITE, "session-1", "hello")).toBe(1);
    const [event, outcome] = await events();
    await runtime.idle();

    expect([event.name, event.website_id, outcome]).toEqual(["message:send", WEBSITE, "accepted"]);
    expect(sentMessages(sim, WEBSITE).map((message) => message.body.content)).toEqual(["Hi!"]);
  });

  it("closes everything it opened to Crisp: no connection is left once close() resolves", async () => {
    const { runtime, sim, events } = await startGreeter();
    say(sim, WEBSITE, "session-1", "hello");
    await events();
    await runtime.idle();
    expect(sentMessages(sim, WEBSITE)).toHaveLength(1);
    expect(await openConnections(sim)).toBeGreaterThan(0); // the socket, and REST kept alive

    expect(await runtime.close(1_000)).toBe(true);
    running = undefined;
    // The server sees a closed connection a moment later; REST's kept-alive one would stay ~4 s.
    const deadline = performance.now() + 1_000;
    while ((await openConnections(sim)) > 0 && performance.now() < deadline) await sleep(20);
    expect(await openConnections(sim)).toBe(0);
  });

  it("reloads on request: applies a valid manifest, keeps the live one when the new one has errors", async () => {
    const { runtime, dir } = await startGreeter();
    const manifest = join(dir, "greeter.yaml");
    const text = await readFile(manifest, "utf8");

    await writeFile(manifest, text.replace("id: greet", "id: greet-again"));
    expect(await runtime.reload()).toBe("applied");
    await writeFile(manifest, text.replace("on: message:send", "on: message:sent"));
    expect(await runtime.reload()).toBe("rejected");

    expect(runtime.health().reloads).toMatchObject({ count: 2, last: { outcome: "rejected", version: 2 } });
  });

  it("close() stops it: resolves true when nothing was in flight, and the port no longer answers", async () => {
    const { runtime } = await startGreeter();
    const { port } = runtime;

    expect(await runtime.close()).toBe(true);
    running = undefined;

    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});

/** Connections the simulator's HTTP server holds open now (the RTM socket's included). */
function openConnections(sim: CrispSimulator): Promise<number> {
  return new Promise((resolve, reject) => {
    sim.server.getConnections((error, count) => {
      if (error) reject(error);
      else resolve(count);
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
