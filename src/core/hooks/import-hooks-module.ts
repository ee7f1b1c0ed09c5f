import { createJiti } from "jiti";
import { pathToFileURL } from "node:url";
import { KitError } from "../errors/kit-error.js";
import type { HookDefinitions } from "./define-hooks.js";

/**
 * Imports a TypeScript (or JavaScript) hooks module without a build step, through jiti, with no
 * module cache so that a reload sees the file as it is now; the main thread (to learn the hooks'
 * names, scopes and schemas) and each hook worker thread (to run them) both import it this way.
 * Throws `HOOK_FAILED` when the module cannot load or its default export is not a
 * `defineHooks({...})` object. `transpileCache`: keep jiti's transpiled output on disk, keyed by
 * the source's content (so never stale): a hook worker thread starting again (after a timeout)
 * then imports in tens of milliseconds instead of a second.
 */
export async function importHooksModule(
  path: string,
  options: { readonly transpileCache?: boolean } = {},
): Promise<HookDefinitions> {
  // tryNative: false makes jiti load .js/.mjs through its own loader too; Node's native import
  // would serve an edited file from its module cache.
  const jiti = createJiti(import.meta.url, {
    moduleCache: false,
    fsCache: options.transpileCache === true,
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
  return asDefinitions(loaded, path);
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
