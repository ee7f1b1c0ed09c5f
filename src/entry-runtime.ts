/**
 * `crisp-plugin-kit/runtime`: running a plugin from your own program (what `crisp-plugin run`
 * does), loading and checking a manifest, the rule engine, and every type their signatures use.
 */
export { startRuntime, type Runtime, type RuntimeOptions } from "./runtime/run/start-runtime.js";
export type { RunEnvironment } from "./runtime/run/read-environment.js";
export { readEnvironment, hasCredentials } from "./runtime/run/read-environment.js";
export { openStore, type OpenStoreOptions, type OpenedStore } from "./runtime/store/open-store.js";
export type { Store, StoreKind, Lease, DedupeClaim, WorkItem, StepRecord, DeadLetter } from "./core/ports/store.js";
export { loadHooks, type LoadedHooks } from "./core/hooks/load-hooks.js";
export { loadManifest, validateManifestBytes, type LoadedManifest } from "./core/manifest/load-manifest.js";
export type { Manifest, RuleSpec, StepSpec, ConditionSpec, DeclaredScope } from "./core/manifest/manifest.js";
export { formatProblem, type Problem } from "./core/manifest/problem.js";
export { compileRuleSet, type RuleSet } from "./core/engine/compile-rule-set.js";
export { handleEvent, type WebsiteContext } from "./core/engine/handle-event.js";
export type { EngineDeps, StepStubAnswer } from "./core/engine/engine-deps.js";
export { parseCrispEvent, type CrispEvent } from "./core/engine/crisp-event.js";
export { formatDecision } from "./core/engine/format-decision.js";
export type { DecisionRecord, RuleDecision, StepDecision } from "./core/engine/decision-record.js";
export { createLogger, silentLogger, type Logger, type LogFields, type LogLevel } from "./core/logging/logger.js";
export { KitError, type ErrorCode, type ErrorKind } from "./core/errors/kit-error.js";
export { runManifestTests } from "./devkit/testing/run-manifest-tests.js";
