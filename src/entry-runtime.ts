/**
 * `crisp-plugin-kit/runtime`: running a plugin from your own program (what `crisp-plugin run`
 * does), loading and checking a manifest, the rule engine, and every type their signatures use.
 */
export { startRuntime, type Runtime, type RuntimeOptions } from "./runtime/start-runtime.js";
export type { RunEnvironment } from "./runtime/read-environment.js";
export { readEnvironment, hasCredentials } from "./runtime/read-environment.js";
export { openStore, type OpenStoreOptions, type OpenedStore } from "./store/open-store.js";
export type { Store, StoreKind, Lease, DedupeClaim, WorkItem, StepRecord, DeadLetter } from "./store/store.js";
export { loadHooks, type LoadedHooks } from "./hooks/load-hooks.js";
export { loadManifest, validateManifestBytes, type LoadedManifest } from "./manifest/load-manifest.js";
export type { Manifest, RuleSpec, StepSpec, ConditionSpec, DeclaredScope } from "./manifest/manifest.js";
export { formatProblem, type Problem } from "./manifest/problem.js";
export { compileRuleSet, type RuleSet } from "./engine/compile-rule-set.js";
export { handleEvent, type EngineDeps, type WebsiteContext } from "./engine/handle-event.js";
export { parseCrispEvent, type CrispEvent } from "./engine/crisp-event.js";
export { formatDecision } from "./engine/format-decision.js";
export type { DecisionRecord, RuleDecision, StepDecision } from "./engine/decision-record.js";
export { createLogger, silentLogger, type Logger, type LogFields, type LogLevel } from "./observability/logger.js";
export { KitError, type ErrorCode, type ErrorKind } from "./errors/kit-error.js";
export { runManifestTests } from "./testing/run-manifest-tests.js";
