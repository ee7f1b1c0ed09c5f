import type { FromSchema, JSONSchema } from "json-schema-to-ts";
import type { JsonSchema } from "../actions/define-action.js";
import type { CrispApi } from "../crisp/crisp-api.js";
import type { CrispEventPayloads } from "../crisp/crisp-event-payloads.js";
import type { Access, Scope } from "../crisp/scope-catalog.js";
import type { CrispEvent } from "../engine/crisp-event.js";
import type { Logger } from "../logging/logger.js";

/**
 * What `crisp-plugin types` writes into the `.d.ts` next to the manifest (a module augmentation of
 * `crisp-plugin-kit`): the settings and, per hook, the events of the rules that run it. Empty
 * until then, and every hook sees untyped data and settings.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by declaration merging
export interface PluginTypes {}

/** The website settings as the manifest's schema types them, once `crisp-plugin types` ran. */
export type PluginSettings = PluginTypes extends { settings: infer S }
  ? Readonly<S>
  : Readonly<Record<string, unknown>>;

/** The events the rules running hook `Name` listen to; `string` when unknown. */
export type HookEvents<Name extends string> = PluginTypes extends { hooks: infer H }
  ? Name extends keyof H
    ? H[Name] extends { events: infer E extends string }
      ? E
      : string
    : string
  : string;

/**
 * `ctx.data` for events `E`: crisp-api's payload type of each (a union for several), still
 * readable as a record; a plain record when the events are not known.
 */
export type EventData<E extends string> = string extends E
  ? Readonly<Record<string, unknown>>
  : E extends keyof CrispEventPayloads
    ? Readonly<CrispEventPayloads[E]> & Readonly<Record<string, unknown>>
    : Readonly<Record<string, unknown>>;

/** What a hook's `run` receives besides its parameters, for events `E` and settings `S`. */
export interface HookContext<E extends string = string, S = Readonly<Record<string, unknown>>> {
  /** The event that triggered the rule. */
  readonly event: CrispEvent;
  /** Shorthand for `event.data`, typed from the events the hook's rules listen to. */
  readonly data: EventData<E>;
  /** The website's settings, validated, defaults applied. */
  readonly settings: S;
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
  /** JSON Schema of what `run` returns, which later steps read as `steps.<id>`. */
  readonly returns?: JsonSchema;
  /** How long a run may take before its step fails with `HOOK_TIMEOUT` (default 10,000). */
  readonly timeout_ms?: number;
  /** Runs the hook; what it returns becomes `steps.<id>`. */
  run(context: HookContext, params: P): unknown;
}

/** The hooks of a module, by the name used as `hook:<name>` in the manifest. */
export type HookDefinitions = Readonly<Record<string, HookDefinition<never>>>;

/** A hook's parameters, from its `params` schema (json-schema-to-ts); a plain record without one. */
export type ParamsOf<Schema> = [Schema] extends [JSONSchema]
  ? unknown extends Schema
    ? Readonly<Record<string, unknown>>
    : FromSchema<Materialized<Schema>>
  : Readonly<Record<string, unknown>>;

/**
 * The TypeScript type of a JSON Schema written as a type (json-schema-to-ts); what the `.d.ts` of
 * `crisp-plugin types` uses for the settings.
 */
export type SchemaType<Schema> = [Schema] extends [JSONSchema] ? FromSchema<Materialized<Schema>> : unknown;

/**
 * The same type, rebuilt property by property: json-schema-to-ts reads an inferred schema this
 * way. Exported because {@link ParamsOf} and {@link SchemaType} name it.
 */
export type Materialized<T> = T extends object ? { readonly [K in keyof T]: Materialized<T[K]> } : T;

/**
 * A hook as `defineHooks` types it: `run`'s context from the hook's events and the settings, its
 * parameters from `params` (a property, not a method, so an annotation that disagrees with the
 * schema is a type error).
 */
export interface TypedHook<Name extends string, Params> {
  readonly scopes?: readonly `${Scope} ${Access}`[];
  readonly params?: Params;
  readonly returns?: JsonSchema;
  readonly timeout_ms?: number;
  // PluginSettings equals the default only until `crisp-plugin types` augments PluginTypes.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-arguments
  readonly run: (context: HookContext<HookEvents<Name>, PluginSettings>, params: ParamsOf<Params>) => unknown;
}

/**
 * Declares the TypeScript hooks of a plugin; export the result as the module's default export.
 * `ctx.data`, `ctx.settings` and `params` are typed from the `.d.ts` of `crisp-plugin types` and
 * from each hook's `params` schema.
 *
 * ```ts
 * import { defineHooks } from "crisp-plugin-kit";
 * export default defineHooks({
 *   notifyTeam: {
 *     params: { type: "object", required: ["channel"], properties: { channel: { type: "string" } } },
 *     run: async (ctx, params) => { ... }, // params.channel: string
 *   },
 * });
 * ```
 */
export function defineHooks<const T extends Record<string, unknown>>(hooks: {
  [K in keyof T]: TypedHook<K & string, T[K]>;
}): { [K in keyof T]: TypedHook<K & string, T[K]> } {
  return hooks;
}
