import type { JsonSchema } from "../actions/define-action.js";
import type { CrispApi } from "../crisp/crisp-api.js";
import type { Access, Scope } from "../crisp/scope-catalog.js";
import type { CrispEvent } from "../engine/crisp-event.js";
import type { Logger } from "../observability/logger.js";

/** What a hook's `run` receives besides its parameters. */
export interface HookContext {
  /** The event that triggered the rule. */
  readonly event: CrispEvent;
  /** Shorthand for `event.data`. */
  readonly data: Readonly<Record<string, unknown>>;
  /** The website's settings, validated, defaults applied. */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly website: { readonly id: string };
  readonly plugin: { readonly urn: string; readonly name: string };
  readonly log: Logger;
  /**
   * crisp-api's `website` and `plugin` resources, typed as crisp-api types them
   * (`ctx.crisp.website.getConversation(websiteId, sessionId)`), through the plugin's Crisp gateway:
   * each call is checked against the scopes the manifest declares (a call outside them, or one no
   * plugin token may make, rejects with `SCOPE_NOT_GRANTED`, as it would with a production token),
   * counted against the daily quota and retried like the built-in actions' calls.
   */
  readonly crisp: CrispApi;
}

/** One hook: what it needs and what it does. */
export interface HookDefinition<P = Record<string, unknown>> {
  /** Scopes its Crisp calls need, as `"<scope> <read|write>"`; `validate` requires them in the manifest. */
  readonly scopes?: readonly `${Scope} ${Access}`[];
  /** JSON Schema of the step's `with:`, checked before each run. */
  readonly params?: JsonSchema;
  /** How long a run may take before its step fails with `HOOK_TIMEOUT` (default 10,000). */
  readonly timeout_ms?: number;
  /** Runs the hook; what it returns becomes `steps.<id>`. */
  run(context: HookContext, params: P): unknown;
}

/** The hooks of a module, by the name used as `hook:<name>` in the manifest. */
export type HookDefinitions = Readonly<Record<string, HookDefinition<never>>>;

/**
 * Declares the TypeScript hooks of a plugin; export the result as the module's default export.
 *
 * ```ts
 * import { defineHooks } from "crisp-plugin-kit";
 * export default defineHooks({
 *   notifyTeam: { run: async (ctx, params: { channel: string }) => { ... } },
 * });
 * ```
 */
export function defineHooks<const T extends Record<string, HookDefinition<never>>>(hooks: T): T {
  return hooks;
}
