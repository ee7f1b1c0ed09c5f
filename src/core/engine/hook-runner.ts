import type { ActionContext } from "../actions/action-context.js";

/** What a hook receives besides its parameters: the action context plus the website's settings. */
export interface HookRunContext extends ActionContext {
  readonly settings: Readonly<Record<string, unknown>>;
}

/** Runs `hook:<name>` steps; implemented by the loaded hooks module. */
export interface HookRunner {
  /** Names of the hooks the module defines. */
  readonly names: ReadonlySet<string>;
  /** Runs a hook with its timeout; rejects with a `KitError` (`HOOK_FAILED`, `HOOK_TIMEOUT`,
   * `HOOK_OUT_OF_MEMORY`, or the code of a Crisp call that failed). */
  run(name: string, context: HookRunContext, params: unknown): Promise<unknown>;
  /** Stops what the runner keeps running between calls (worker threads); absent when nothing is. */
  close?(): Promise<void>;
}
