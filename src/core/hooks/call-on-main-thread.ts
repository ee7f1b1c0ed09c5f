import type { Worker } from "node:worker_threads";
import { KitError } from "../errors/kit-error.js";
import type { LogFields } from "../logging/logger.js";
import type { HookContext } from "./define-hooks.js";
import { isCloneError, serialiseError, type FromWorker, type ToWorker } from "./hook-messages.js";

/** Path segments that would reach into the object model instead of a Crisp method. */
const REFUSED = new Set(["__proto__", "prototype", "constructor"]);

/**
 * Does on the main thread what a hook asked in its worker: writes a `ctx.log` line, or calls
 * `ctx.crisp.<path>(...args)` on the real (scoped, retried) client and posts back its result or
 * its `KitError`. The path is resolved property by property, so a flat client (`ctx.crisp.sendMessage`)
 * and nested resources (`ctx.crisp.website.getConversation`) both work.
 */
export function callOnMainThread(
  worker: Worker,
  context: HookContext,
  message: Exclude<FromWorker, { type: "ready" | "load-failed" | "result" }>,
): void {
  if (message.type === "log") {
    const fields =
      typeof message.fields === "object" && message.fields !== null ? (message.fields as LogFields) : undefined;
    context.log[message.level](message.message, fields);
    return;
  }
  const { call, path, args } = message;
  const answer = (reply: ToWorker): void => {
    try {
      worker.postMessage(reply);
    } catch (error) {
      if (!isCloneError(error)) throw error;
      worker.postMessage({
        type: "answer",
        call,
        error: {
          code: "HOOK_FAILED",
          kind: "unrecoverable",
          message: `ctx.crisp.${path.join(".")} answered a value that cannot be copied to the hook's worker thread`,
        },
      } satisfies ToWorker);
    }
  };
  const failed = (error: unknown): void => {
    const fallback = (text: string): KitError => new KitError("HOOK_FAILED", `ctx.crisp.${path.join(".")}: ${text}`);
    answer({ type: "answer", call, error: serialiseError(error, fallback) });
  };
  try {
    const { method, self } = resolvePath(context.crisp, path);
    Promise.resolve(method.apply(self, [...args])).then((value) => {
      answer({ type: "answer", call, value });
    }, failed);
  } catch (error) {
    failed(error);
  }
}

function resolvePath(
  root: unknown,
  path: readonly string[],
): { method: (...args: unknown[]) => unknown; self: unknown } {
  let self: unknown;
  let value: unknown = root;
  for (const key of path) {
    if (REFUSED.has(key) || value === null || (typeof value !== "object" && typeof value !== "function")) {
      value = undefined;
      break;
    }
    self = value;
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value !== "function") {
    throw new KitError("HOOK_FAILED", `ctx.crisp.${path.join(".")} is not a Crisp method`);
  }
  return { method: value as (...args: unknown[]) => unknown, self };
}
