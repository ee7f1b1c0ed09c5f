import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { KitError } from "../errors/kit-error.js";
import { LOG_LEVELS } from "../logging/logger.js";
import { callOnMainThread } from "./call-on-main-thread.js";
import type { HookContext } from "./define-hooks.js";
import { isCloneError, reviveError, type FromWorker, type ToWorker } from "./hook-messages.js";
import type { HookExecutor } from "./load-hooks.js";

/** How hook worker threads are sized. */
export interface HookWorkerOptions {
  /** Hooks running at once; more calls wait for a worker. Default 8. */
  readonly maxWorkers?: number;
  /** Old-generation heap of each worker (`resourceLimits.maxOldGenerationSizeMb`). Default 128. */
  readonly memoryMb?: number;
  /** A worker idle this long is stopped, unless it is the last one (a new one starts on demand). Default 30 s. */
  readonly idleMs?: number;
  /** How long a worker may take to import the hooks module. Default 30 s. */
  readonly loadTimeoutMs?: number;
}

/** Hooks running in worker threads, and how to stop them all. */
export interface HookWorkerPool {
  readonly execute: HookExecutor;
  /** Starts a worker, if there is none, and resolves once it imported the hooks: the next call starts at once. */
  warm(): Promise<void>;
  close(): Promise<void>;
}

interface Slot {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  /** The call running on it; a worker runs one hook at a time. */
  current?: Running | undefined;
  idle?: NodeJS.Timeout;
  /** Order of creation: the oldest free worker takes the next call. */
  readonly born: number;
  gone: boolean;
}

interface Running {
  readonly name: string;
  readonly context: HookContext;
  readonly settle: (outcome: { value?: unknown; error?: KitError }) => void;
}

/**
 * Runs hooks in a pool of worker threads, each importing the hooks module itself. A worker is
 * reused from call to call; one that runs past the hook's `timeout_ms` is terminated (the hook
 * stops, even a synchronous loop) and its step fails `HOOK_TIMEOUT`; one that exhausts its heap
 * is stopped by V8 and the step fails `HOOK_OUT_OF_MEMORY`. Either way a new worker takes its
 * place on the next call, and the main thread never stopped answering.
 */
export function createHookWorkerPool(hooksPath: string, options: HookWorkerOptions = {}): HookWorkerPool {
  const maxWorkers = options.maxWorkers ?? 8;
  const slots = new Set<Slot>();
  const free: Slot[] = [];
  const waiting: ((slot: Slot) => void)[] = [];
  let closed = false;

  const discard = (slot: Slot): void => {
    if (slot.gone) return;
    slot.gone = true;
    clearTimeout(slot.idle);
    slots.delete(slot);
    const index = free.indexOf(slot);
    if (index >= 0) free.splice(index, 1);
    void slot.worker.terminate();
    // A waiting call takes the place the worker left.
    const next = closed ? undefined : waiting.shift();
    if (next !== undefined) next(spawn());
  };

  const spawn = (): Slot => startWorker(hooksPath, options, discard, slots);

  const acquire = (): Promise<Slot> => {
    // The oldest free worker first: with calls one at a time, one worker (and its module state) serves them all.
    const slot = free.shift();
    if (slot !== undefined) {
      clearTimeout(slot.idle);
      return Promise.resolve(slot);
    }
    if (slots.size < maxWorkers) return Promise.resolve(spawn());
    return new Promise((resolve) => waiting.push(resolve));
  };

  const release = (slot: Slot): void => {
    if (slot.gone) return;
    const next = waiting.shift();
    if (next !== undefined) {
      next(slot);
      return;
    }
    free.push(slot);
    free.sort((a, b) => a.born - b.born);
    slot.idle = setTimeout(() => {
      if (slots.size > 1) discard(slot); // the last worker stays, ready for the next call
    }, options.idleMs ?? 30_000);
    slot.idle.unref();
  };

  const execute: HookExecutor = async (name, context, params, timeoutMs) => {
    if (closed)
      throw new KitError("SHUTTING_DOWN", `hook:${name} not run: the hooks are stopping`, { kind: "retryable" });
    const slot = await acquire();
    try {
      await slot.ready;
      return await runOn(slot, name, context, params, timeoutMs, discard);
    } finally {
      release(slot);
    }
  };

  return {
    execute,
    async warm() {
      if (slots.size > 0 || closed) return;
      // Free at once, not held while it starts: a call arriving meanwhile takes this worker and
      // waits for it, instead of starting a second one (with module state of its own).
      const slot = spawn();
      release(slot);
      await slot.ready;
    },
    async close() {
      closed = true;
      await Promise.all([...slots].map((slot) => slot.worker.terminate()));
      slots.clear();
    },
  };
}

let born = 0;

function startWorker(
  hooksPath: string,
  options: HookWorkerOptions,
  discard: (slot: Slot) => void,
  slots: Set<Slot>,
): Slot {
  const worker = newWorker(hooksPath, options.memoryMb ?? 128);
  worker.unref();
  let onReady: { resolve: () => void; reject: (error: KitError) => void } | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    onReady = { resolve, reject };
  });
  ready.catch(() => undefined); // observed by the call that waits on it
  const slot: Slot = { worker, ready, gone: false, born: (born += 1) };
  slots.add(slot);
  const loadTimer = setTimeout(() => {
    onReady?.reject(new KitError("HOOK_FAILED", `hooks ${hooksPath}: a worker thread could not import them in time`));
    discard(slot);
  }, options.loadTimeoutMs ?? 30_000);
  loadTimer.unref();
  const fail = (error: KitError): void => {
    clearTimeout(loadTimer);
    onReady?.reject(error);
    slot.current?.settle({ error });
    discard(slot);
  };
  worker.on("message", (message: FromWorker) => {
    if (message.type === "ready") {
      clearTimeout(loadTimer);
      onReady?.resolve();
    } else if (message.type === "load-failed") fail(reviveError(message.error));
    else if (message.type === "result") {
      slot.current?.settle(
        message.error === undefined ? { value: message.value } : { error: reviveError(message.error) },
      );
    } else if (slot.current !== undefined) callOnMainThread(worker, slot.current.context, message);
  });
  worker.on("error", (error: Error & { code?: string }) => {
    const name = slot.current?.name ?? "?";
    fail(
      error.code === "ERR_WORKER_OUT_OF_MEMORY"
        ? new KitError(
            "HOOK_OUT_OF_MEMORY",
            `hook:${name} used more than the ${options.memoryMb ?? 128} MB heap of its worker thread, which was stopped`,
          )
        : new KitError("HOOK_FAILED", `hook:${name}: its worker thread failed: ${error.message}`, { cause: error }),
    );
  });
  worker.on("exit", (code) => {
    fail(new KitError("HOOK_FAILED", `hook:${slot.current?.name ?? "?"}: its worker thread exited (code ${code})`));
  });
  return slot;
}

function runOn(
  slot: Slot,
  name: string,
  context: HookContext,
  params: unknown,
  timeoutMs: number,
  discard: (slot: Slot) => void,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      slot.current?.settle({
        error: new KitError("HOOK_TIMEOUT", `hook:${name} ran past its ${timeoutMs} ms timeout`, { kind: "retryable" }),
      });
      // Terminating stops the hook wherever it is, a synchronous loop included.
      discard(slot);
    }, timeoutMs);
    slot.current = {
      name,
      context,
      settle: ({ value, error }) => {
        clearTimeout(timer);
        slot.current = undefined;
        if (error === undefined) resolve(value);
        else reject(error);
      },
    };
    const { event, settings, website, plugin } = context;
    const message: ToWorker = {
      type: "run",
      name,
      params,
      context: { event, settings, website, plugin },
      logLevels: LOG_LEVELS.filter((level) => context.log.enabled(level)),
    };
    try {
      slot.worker.postMessage(message);
    } catch (error) {
      if (!isCloneError(error)) throw error;
      slot.current.settle({
        error: new KitError(
          "HOOK_FAILED",
          `hook:${name}: its parameters or context cannot be copied to its worker thread`,
        ),
      });
    }
  });
}

/**
 * A worker on `hook-worker`: the compiled `.js` file as is, or, when this package runs from its
 * TypeScript sources (tests, `tsx`), that `.ts` file through jiti.
 */
function newWorker(hooksPath: string, memoryMb: number): Worker {
  const options = { workerData: { hooksPath }, resourceLimits: { maxOldGenerationSizeMb: memoryMb } };
  const compiled = import.meta.url.endsWith(".js");
  const entry = fileURLToPath(new URL(compiled ? "./hook-worker.js" : "./hook-worker.ts", import.meta.url));
  if (compiled) return new Worker(entry, options);
  const jiti = createRequire(import.meta.url).resolve("jiti");
  const bootstrap = `const { createJiti } = require(${JSON.stringify(jiti)});
createJiti(${JSON.stringify(entry)}).import(${JSON.stringify(entry)}).catch((error) => { throw error; });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
