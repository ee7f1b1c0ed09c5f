import { createJiti } from "jiti";
import { pathToFileURL } from "node:url";
import type { HookRunContext, HookRunner } from "../engine/hook-runner.js";
import { KitError } from "../errors/kit-error.js";
import { createAjv } from "../manifest/create-ajv.js";
import type { HookDefinition, HookDefinitions } from "./define-hooks.js";

/** Default time a hook may run before its step fails. */
export const DEFAULT_HOOK_TIMEOUT_MS = 10_000;

/** A hooks module, loaded. */
export interface LoadedHooks {
  readonly definitions: HookDefinitions;
  readonly runner: HookRunner;
}

/**
 * Loads a TypeScript (or JavaScript) hooks module without a build step, through jiti, with no
 * module cache so that a reload sees the file as it is now. Throws `HOOK_FAILED` when the module
 * cannot load or its default export is not a `defineHooks({...})` object.
 */
export async function loadHooks(path: string): Promise<LoadedHooks> {
  // tryNative: false makes jiti load .js/.mjs through its own loader too; Node's native import
  // would serve an edited file from its module cache.
  const jiti = createJiti(import.meta.url, {
    moduleCache: false,
    fsCache: false,
    tryNative: false,
    interopDefault: false,
  });
  let loaded: unknown;
  try {
    // jiti hands .mjs to Node's ESM loader, which caches by URL: a query string gives the
    // edited file a fresh URL (each reload keeps one module record, fine for editing sessions).
    const module = (
      path.endsWith(".mjs")
        ? await import(`${pathToFileURL(path).href}?version=${Date.now()}`)
        : await jiti.import(path)
    ) as Record<string, unknown> | null;
    if (module === null || typeof module !== "object" || !("default" in module)) {
      throw new KitError(
        "HOOK_FAILED",
        `hooks ${path}: the module has no default export; export default defineHooks({...})`,
      );
    }
    loaded = module.default;
  } catch (error) {
    if (error instanceof KitError) throw error;
    throw new KitError("HOOK_FAILED", `hooks ${path} failed to load: ${(error as Error).message}`, { cause: error });
  }
  const definitions = asDefinitions(loaded, path);
  return { definitions, runner: createHookRunner(definitions) };
}

function asDefinitions(value: unknown, path: string): HookDefinitions {
  const invalid = (why: string): KitError =>
    new KitError(
      "HOOK_FAILED",
      `hooks ${path}: ${why}; export default defineHooks({ name: { run(ctx, params) {...} } })`,
    );
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid("the default export is not an object");
  }
  for (const [name, hook] of Object.entries(value)) {
    if (typeof hook !== "object" || hook === null || typeof (hook as { run?: unknown }).run !== "function") {
      throw invalid(`hook "${name}" has no run function`);
    }
  }
  return value as HookDefinitions;
}

/**
 * Runs hooks with their parameter schema and their timeout. The Crisp client in the context is
 * the engine's, which the runtime limits to the manifest's scopes.
 */
export function createHookRunner(definitions: HookDefinitions): HookRunner {
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
      const hookContext = {
        event,
        data: event.data,
        settings,
        website: { id: event.website_id },
        plugin,
        log,
        crisp: context.crisp,
      };
      return withTimeout(name, hook.timeout_ms ?? DEFAULT_HOOK_TIMEOUT_MS, () =>
        Promise.resolve().then(() => hook.run(hookContext, params)),
      );
    },
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
        if (error instanceof KitError) throw error;
        throw new KitError(
          "HOOK_FAILED",
          `hook:${name} threw: ${error instanceof Error ? error.message : String(error)}`,
          {
            cause: error,
          },
        );
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
