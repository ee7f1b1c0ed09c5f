import { KitError, type ErrorCode, type ErrorKind } from "../errors/kit-error.js";
import type { LogLevel } from "../logging/logger.js";
import type { HookContext } from "./define-hooks.js";

/** A `KitError` as it crosses between threads: what a caller needs to react to it. */
export interface SerialisedError {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly message: string;
}

/** The parts of a hook's context that cross to its worker as structured clones. */
export type ClonedContext = Pick<HookContext, "event" | "settings" | "website" | "plugin">;

/** What the main thread sends a hook worker. */
export type ToWorker =
  | {
      readonly type: "run";
      readonly name: string;
      readonly params: unknown;
      readonly context: ClonedContext;
      /** The levels the main thread's logger writes, for `ctx.log.enabled()`. */
      readonly logLevels: readonly LogLevel[];
    }
  | { readonly type: "answer"; readonly call: number; readonly value?: unknown; readonly error?: SerialisedError };

/** What a hook worker sends the main thread. */
export type FromWorker =
  | { readonly type: "ready" }
  | { readonly type: "load-failed"; readonly error: SerialisedError }
  /** `ctx.crisp.<path>(...args)`, to run on the main thread's client. */
  | {
      readonly type: "call";
      readonly call: number;
      readonly path: readonly string[];
      readonly args: readonly unknown[];
    }
  | { readonly type: "log"; readonly level: LogLevel; readonly message: string; readonly fields?: unknown }
  | { readonly type: "result"; readonly value?: unknown; readonly error?: SerialisedError };

/** Any error as a {@link SerialisedError}; what is not a `KitError` becomes `fallback`. */
export function serialiseError(error: unknown, fallback: (message: string) => KitError): SerialisedError {
  const kit = error instanceof KitError ? error : fallback(error instanceof Error ? error.message : String(error));
  return { code: kit.code, kind: kit.kind, message: kit.message };
}

/** The `KitError` a {@link SerialisedError} stands for, thrown again on this side. */
export function reviveError(error: SerialisedError): KitError {
  return new KitError(error.code, error.message, { kind: error.kind });
}

/**
 * Whether `error` is the one `postMessage` throws for a value that cannot be cloned (a function,
 * a class instance with private state, a socket...).
 */
export function isCloneError(error: unknown): boolean {
  return error instanceof Error && error.name === "DataCloneError";
}
