import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { threadId } from "node:worker_threads";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CrispApi } from "../../src/core/crisp/crisp-api.js";
import type { CrispGateway } from "../../src/runtime/crisp/crisp-gateway.js";
import { grantedScopes } from "../../src/runtime/crisp/granted-scopes.js";
import type { HookContext } from "../../src/core/hooks/define-hooks.js";
import { createHookWorkerPool, type HookWorkerPool } from "../../src/core/hooks/create-hook-worker-pool.js";
import { KitError } from "../../src/core/errors/kit-error.js";
import { createLogger } from "../../src/core/logging/logger.js";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { SESSION, startWorld, URN, visitorMessage, WEBSITE } from "../actions/action-harness.js";
import { createTempDir, type TempDir } from "../engine/engine-harness.js";

const HOOKS = fileURLToPath(new URL("../fixtures/engine/hooks/hostile-hooks.ts", import.meta.url));

let sim: CrispSimulator;
let gateway: CrispGateway;
let dir: TempDir;
let pool: HookWorkerPool;
let lines: string[];

beforeEach(async () => {
  ({ sim, gateway } = await startWorld());
  dir = await createTempDir();
  lines = [];
});
afterEach(async () => {
  await pool.close();
  await dir.remove();
  await sim.close();
});

/** The context the runtime gives a hook: Crisp limited to the sessions scope, a logger into `lines`. */
function context(
  client: unknown = gateway.api(grantedScopes([{ scope: "website:conversation:sessions", access: ["write"] }])),
): HookContext {
  const event = visitorMessage();
  return {
    event,
    data: event.data,
    settings: { greeting: "hi" },
    website: { id: WEBSITE },
    plugin: { urn: URN, name: "Hostile" },
    log: createLogger({ level: "info", write: (line) => lines.push(line) }),
    crisp: client as CrispApi,
  };
}

/** Runs `name` and answers its error, failing when it succeeds. */
async function failure(name: string, params: unknown = {}, timeoutMs = 60_000): Promise<KitError> {
  const outcome = await pool.execute(name, context(), params, timeoutMs).then(
    (value) => new Error(`hook:${name} answered ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
  if (!(outcome instanceof KitError)) throw outcome;
  return outcome;
}

/** Measures the main thread's responsiveness: the longest gap between 10 ms timer ticks. */
function watchEventLoop(): { stop: () => number } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 10);
  return {
    stop: () => {
      clearInterval(timer);
      return longest;
    },
  };
}

describe("hooks in worker threads", () => {
  it("runs a hook off the main thread, reusing its worker from call to call", async () => {
    pool = createHookWorkerPool(HOOKS);
    const first = (await pool.execute("whereAmI", context(), {}, 60_000)) as { threadId: number };
    const second = (await pool.execute("whereAmI", context(), {}, 60_000)) as { threadId: number };
    expect(first.threadId).not.toBe(threadId);
    expect(second.threadId).toBe(first.threadId);
  });

  it("stops a 20 s synchronous loop at its 2 s timeout with HOOK_TIMEOUT, the main thread answering throughout", async () => {
    pool = createHookWorkerPool(HOOKS);
    await pool.warm();
    const loop = watchEventLoop();
    const started = performance.now();

    const error = await failure("spin", {}, 2_000);

    const took = performance.now() - started;
    expect(error).toMatchObject({
      code: "HOOK_TIMEOUT",
      kind: "retryable",
      message: "hook:spin ran past its 2000 ms timeout",
    });
    expect(took).toBeGreaterThanOrEqual(1_990);
    expect(took).toBeLessThan(10_000);
    expect(loop.stop()).toBeLessThan(1_000);
    // A new worker takes the terminated one's place.
    const after = (await pool.execute("whereAmI", context(), {}, 60_000)) as { threadId: number };
    expect(after.threadId).not.toBe(threadId);
  }, 30_000);

  it("terminates an async loop at HOOK_TIMEOUT: it does not keep running after", async () => {
    pool = createHookWorkerPool(HOOKS);
    await pool.warm();
    const file = join(dir.path, "ticks.txt");

    const error = await failure("tick", { file }, 300);

    expect(error.code).toBe("HOOK_TIMEOUT");
    const ticks = (): number => (existsSync(file) ? readFileSync(file, "utf8").split("\n").length - 1 : 0);
    // Terminating is asynchronous: at most a tick or two more while the thread stops.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const settled = ticks();
    expect(settled).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(ticks()).toBe(settled);
  });

  it("stops a hook allocating without bound with HOOK_OUT_OF_MEMORY, and the next call runs", async () => {
    pool = createHookWorkerPool(HOOKS, { memoryMb: 32 });
    const loop = watchEventLoop();

    const error = await failure("hog");

    expect(error).toMatchObject({
      code: "HOOK_OUT_OF_MEMORY",
      message: expect.stringMatching(/^hook:hog used more than the 32 MB heap/) as unknown,
    });
    expect(loop.stop()).toBeLessThan(1_000);
    expect(await pool.execute("whereAmI", context(), {}, 60_000)).toMatchObject({
      threadId: expect.any(Number) as unknown,
    });
  }, 60_000);

  it("calls Crisp across the boundary on the main thread's client, and logs there", async () => {
    pool = createHookWorkerPool(HOOKS);

    const result = await pool.execute("tag", context(), {}, 60_000);

    expect(result).toMatchObject({ debug: false });
    expect(sim.conversation(WEBSITE, SESSION)?.meta.segments).toEqual(["isolated"]);
    expect(lines).toEqual([`INFO  tagging from a worker {"session":"${SESSION}"}`]);
  });

  it("delivers a SCOPE_NOT_GRANTED refusal to the hook as a KitError with its code", async () => {
    pool = createHookWorkerPool(HOOKS);

    const result = await pool.execute("catchRefusal", context(), {}, 60_000);

    expect(result).toEqual({
      caught: true,
      name: "KitError",
      code: "SCOPE_NOT_GRANTED",
      kind: "unrecoverable",
      message:
        "changeConversationState needs scope website:conversation:states with write access, which the manifest does not declare",
      isError: true,
    });
    expect(sim.calls({ route: "changeConversationState" })).toEqual([]);
  });

  it("resolves a nested method path on the main thread's client", async () => {
    pool = createHookWorkerPool(HOOKS);
    const calls: unknown[] = [];
    const nested = {
      website: {
        prefix: "conversation of",
        getConversation(this: { prefix: string }, id: string) {
          calls.push(id);
          return Promise.resolve(`${this.prefix} ${id}`);
        },
      },
    };

    expect(await pool.execute("nested", context(nested), {}, 60_000)).toBe(`conversation of ${WEBSITE}`);
    expect(calls).toEqual([WEBSITE]);
  });

  it("fails with HOOK_FAILED, saying why, when a hook returns what cannot cross to the main thread", async () => {
    pool = createHookWorkerPool(HOOKS);

    const error = await failure("unclonable");

    expect(error.code).toBe("HOOK_FAILED");
    expect(error.message).toMatch(
      /^hook:unclonable returned a value that cannot be copied to the main thread .*return plain data/,
    );
  });
});
