/**
 * `crisp-plugin-kit`: what a plugin's TypeScript hooks import. Kept small on purpose: importing it
 * loads no runtime, store, simulator or network library, so a hooks module (in its worker, or when
 * `validate` checks hook names) starts fast. Embedders import `crisp-plugin-kit/runtime`; tests
 * import `crisp-plugin-kit/simulator`.
 */
export {
  defineHooks,
  type EventData,
  type HookContext,
  type HookDefinition,
  type HookDefinitions,
  type HookEvents,
  type ParamsOf,
  type PluginSettings,
  type PluginTypes,
  type SchemaType,
  type TypedHook,
} from "./core/hooks/define-hooks.js";
export type { Materialized } from "./core/hooks/define-hooks.js";
export type { JsonSchema } from "./core/actions/define-action.js";
export type { CrispApi } from "./core/crisp/crisp-api.js";
export type { CrispEventPayloads } from "./core/crisp/crisp-event-payloads.js";
export type { Scope, Access } from "./core/crisp/scope-catalog.js";
export type { CrispEvent } from "./core/engine/crisp-event.js";
export type { Logger, LogFields, LogLevel } from "./core/logging/logger.js";
export { KitError, type ErrorCode, type ErrorKind } from "./core/errors/kit-error.js";
