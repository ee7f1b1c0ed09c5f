import type { HookRunContext, HookRunner } from "../engine/hook-runner.js";
import { KitError } from "../errors/kit-error.js";
import { createAjv } from "../manifest/create-ajv.js";
import type { HookContext, HookDefinition, HookDefinitions } from "./define-hooks.js";
import { asHookError } from "./as-hook-error.js";
import { importHooksModule } from "./import-hooks-module.js";

/** Default time a hook may run before its step fails. */
export const DEFAULT_HOOK_TIMEOUT_MS = 10_000;

/** A hooks module, loaded. */
export interface LoadedHooks {
  /** The module's absolute path: what hook worker threads import. */
  readonly path: string;
  readonly definitions: HookDefinitions;
  /** Runs the hooks in this thread (`simulate`, `test`); the runtime runs them in worker threads. */
  readonly runner: HookRunner;
}

/**
 * Runs one hook once its parameters were checked: in this thread ({@link runInProcess}) or in a
 * worker thread (`createHookWorkerPool`). Rejects with a `KitError`.
 */
export type HookExecutor = (name: string, context: HookContext, params: unknown, timeoutMs: number) => Promise<unknown>;

/**
 * Loads a hooks module (see `importHooksModule`): no build step, no stale cache. Throws
 * `HOOK_FAILED` when the module cannot load or does not export `defineHooks({...})`.
 */
export async function loadHooks(path: string): Promise<LoadedHooks> {
  const definitions = await importHooksModule(path);
  return { path, definitions, runner: createHookRunner(definitions) };
}

/**
 * Runs hooks with their parameter schema and their timeout, through `execute` (in this thread
 * unless told otherwise). The Crisp client in the context is crisp-api's `website` and `plugin`
 * resources on the engine's gateway, which the runtime limits to the manifest's scopes.
 */
export function createHookRunner(
  definitions: HookDefinitions,
  execute: HookExecutor = runInProcess(definitions),
  close?: () => Promise<void>,
): HookRunner {
  const ajv = createAjv({ useDefaults: true });
  const validators = new Map(
    Object.entries(definitions).flatMap(([name, hook]) =>
      hook.params ? [[name, ajv.compile(hook.params)] as const] : [],
    ),
  );
  return {
    names: new Set(Object.keys(definitions)),
    async run(name: string, context: HookRunContext, params: unknown) {
      const hook = definitions[name] as HookDefinition<unknown> | undefined;
      if (hook === undefined) throw new KitError("HOOK_FAILED", `hook:${name} is not defined by the hooks module`);
      const validate = validators.get(name);
      if (validate && !validate(params)) {
        throw new KitError(
          "HOOK_FAILED",
          `hook:${name}: parameters ${ajv.errorsText(validate.errors, { dataVar: "with" })}`,
        );
      }
      const { event, settings, log, plugin } = context;
      const hookContext: HookContext = {
        event,
        data: event.data,
        settings,
        website: { id: event.website_id },
        plugin,
        log,
        crisp: context.crisp.api,
      };
      return execute(name, hookContext, params, hook.timeout_ms ?? DEFAULT_HOOK_TIMEOUT_MS);
    },
    ...(close === undefined ? {} : { close }),
  };
}

/**
 * Runs hooks in this thread: a timeout fails the step but cannot stop the hook, and a synchronous
 * loop blocks the thread. What `simulate` and `test` use; the runtime uses worker threads.
 */
export function runInProcess(definitions: HookDefinitions): HookExecutor {
  return (name, context, params, timeoutMs) => {
    const hook = definitions[name] as HookDefinition<unknown>;
    return withTimeout(name, timeoutMs, () => Promise.resolve().then(() => hook.run(context, params)));
  };
}

async function withTimeout<T>(name: string, timeoutMs: number, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new KitError("HOOK_TIMEOUT", `hook:${name} ran past its ${timeoutMs} ms timeout`, { kind: "retryable" }));
    }, timeoutMs);
  });
  try {
    return await Promise.race([
      run().catch((error: unknown) => {
        throw asHookError(name, error);
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
