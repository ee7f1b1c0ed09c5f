/**
 * The entry of a hook worker thread: imports the hooks module (`workerData.hooksPath`), then runs
 * one hook at a time as the main thread asks. `ctx.crisp` and `ctx.log` stay on the main thread:
 * here they are proxies that post each call by property path and wait for its answer.
 */
import { parentPort, workerData } from "node:worker_threads";
import { KitError } from "../errors/kit-error.js";
import { LOG_LEVELS, type Logger, type LogLevel } from "../logging/logger.js";
import { asHookError } from "./as-hook-error.js";
import type { HookContext, HookDefinition, HookDefinitions } from "./define-hooks.js";
import { isCloneError, reviveError, serialiseError, type FromWorker, type ToWorker } from "./hook-messages.js";
import { importHooksModule } from "./import-hooks-module.js";

const port = parentPort;
if (port === null) throw new Error("hook-worker.ts runs as a worker thread only");
const post = (message: FromWorker): void => {
  port.postMessage(message);
};

/** Calls to the main thread waiting for their answer, by call number. */
const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
let nextCall = 0;
let definitions: HookDefinitions | undefined;

port.on("message", (message: ToWorker) => {
  if (message.type === "answer") {
    const waiting = pending.get(message.call);
    pending.delete(message.call);
    if (message.error === undefined) waiting?.resolve(message.value);
    else waiting?.reject(reviveError(message.error));
    return;
  }
  void run(message);
});

importHooksModule((workerData as { hooksPath: string }).hooksPath, { transpileCache: true }).then(
  (loaded) => {
    definitions = loaded;
    post({ type: "ready" });
  },
  (error: unknown) => {
    post({ type: "load-failed", error: serialiseError(error, (text) => new KitError("HOOK_FAILED", text)) });
  },
);

async function run(message: Extract<ToWorker, { type: "run" }>): Promise<void> {
  const { name } = message;
  try {
    const hook = definitions?.[name] as HookDefinition<unknown> | undefined;
    if (hook === undefined) throw new KitError("HOOK_FAILED", `hook:${name} is not defined by the hooks module`);
    const value = await hook.run(contextOf(message), message.params);
    try {
      post({ type: "result", value });
    } catch (error) {
      if (!isCloneError(error)) throw error;
      throw new KitError(
        "HOOK_FAILED",
        `hook:${name} returned a value that cannot be copied to the main thread (${(error as Error).message}): return plain data (objects, arrays, strings, numbers, booleans, null, Dates)`,
      );
    }
  } catch (error) {
    post({
      type: "result",
      error: serialiseError(asHookError(name, error), (text) => new KitError("HOOK_FAILED", text)),
    });
  }
}

function contextOf(message: Extract<ToWorker, { type: "run" }>): HookContext {
  const { event, settings, website, plugin } = message.context;
  return { event, data: event.data, settings, website, plugin, log: logger(message.logLevels), crisp: crispProxy([]) };
}

function logger(levels: readonly LogLevel[]): Logger {
  const write =
    (level: LogLevel) =>
    (text: string, fields?: unknown): void => {
      if (!levels.includes(level)) return;
      try {
        post({ type: "log", level, message: text, ...(fields === undefined ? {} : { fields }) });
      } catch {
        post({ type: "log", level, message: `${text} (its fields cannot be copied to the main thread)` });
      }
    };
  const [debug, info, warn, error] = LOG_LEVELS.map(write) as [
    Logger["debug"],
    Logger["info"],
    Logger["warn"],
    Logger["error"],
  ];
  return { enabled: (level) => levels.includes(level), debug, info, warn, error };
}

/** Names a proxy never forwards: asked by `await`, `JSON.stringify` and `util.inspect`, not by a hook. */
const NOT_FORWARDED = new Set(["then", "toJSON", "constructor", "prototype", "__proto__"]);

/**
 * `ctx.crisp` in a worker: any property path (`ctx.crisp.website.getConversation`) is a function
 * that posts `{ path, args }` and resolves with what the main thread's client answered, or rejects
 * with its `KitError` (code, kind, message).
 */
function crispProxy(path: readonly string[]): HookContext["crisp"] {
  const target = function crispCall(): void {
    // the apply trap below answers calls
  };
  return new Proxy(target, {
    get: (_, key) => (typeof key === "symbol" || NOT_FORWARDED.has(key) ? undefined : crispProxy([...path, key])),
    apply: (_, __, args: unknown[]) => callMain(path, args),
  }) as unknown as HookContext["crisp"];
}

function callMain(path: readonly string[], args: unknown[]): Promise<unknown> {
  const call = nextCall++;
  return new Promise((resolve, reject) => {
    try {
      post({ type: "call", call, path, args });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      reject(
        new KitError(
          "HOOK_FAILED",
          `ctx.crisp.${path.join(".")}: its arguments cannot be copied to the main thread (${reason})`,
        ),
      );
      return;
    }
    pending.set(call, { resolve, reject });
  });
}
