/**
 * The public surface of crisp-plugin-kit: what hooks and embedders may import. Everything else is
 * internal and may change.
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
} from "./hooks/define-hooks.js";
export { loadHooks, type LoadedHooks } from "./hooks/load-hooks.js";
export { loadManifest, validateManifestBytes, type LoadedManifest } from "./manifest/load-manifest.js";
export type { Manifest, RuleSpec, StepSpec, ConditionSpec, DeclaredScope } from "./manifest/manifest.js";
export { formatProblem, type Problem } from "./manifest/problem.js";
export { compileRuleSet, type RuleSet } from "./engine/compile-rule-set.js";
export { handleEvent, type EngineDeps, type WebsiteContext } from "./engine/handle-event.js";
export { parseCrispEvent, type CrispEvent } from "./engine/crisp-event.js";
export { formatDecision } from "./engine/format-decision.js";
export type { DecisionRecord, RuleDecision, StepDecision } from "./engine/decision-record.js";
export { createCrispRest, limitToScopes, type CrispRest, type CrispRestOptions } from "./crisp/crisp-rest.js";
export { grantedScopes } from "./crisp/granted-scopes.js";
export { KitError, type ErrorCode, type ErrorKind } from "./errors/kit-error.js";
export { createLogger, type Logger } from "./observability/logger.js";
export { runManifestTests } from "./testing/run-manifest-tests.js";
export { startRuntime, type Runtime, type RuntimeOptions } from "./runtime/start-runtime.js";
export { startCrispSimulator } from "./simulator/start-crisp-simulator.js";
