import type { ActionContext } from "../actions/action-context.js";

/** What a hook receives besides its parameters: the action context plus the website's settings. */
export interface HookRunContext extends ActionContext {
  readonly settings: Readonly<Record<string, unknown>>;
}

/** Runs `hook:<name>` steps; implemented by the loaded hooks module. */
export interface HookRunner {
  /** Names of the hooks the module defines. */
  readonly names: ReadonlySet<string>;
  /** Runs a hook with its timeout; rejects with a `KitError` (`HOOK_FAILED`, `HOOK_TIMEOUT`). */
  run(name: string, context: HookRunContext, params: unknown): Promise<unknown>;
}
