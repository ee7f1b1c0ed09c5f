/**
 * `crisp-plugin-kit/runtime`: running a plugin from your own program, as `crisp-plugin run` does
 * (see docs/embedding.md): start it, read its health, reload it, follow its events (`onEvent`) and
 * stop it; the environment contract `run` reads; the stores; and every type their signatures use.
 * The engine, the store's internals and the rule versions stay inside the kit.
 */
export { startRuntime, type RuntimeOptions } from "./runtime/run/start-runtime.js";
export type { Runtime } from "./runtime/run/runtime.js";
export type { RuntimeHealth, ReplicaStatus } from "./runtime/run/describe-health.js";
export type { ReloadStatus } from "./runtime/run/create-reloader.js";
export type { WidgetIntakeOptions } from "./runtime/run/create-widget-intake.js";
export type { HookOutcome } from "./runtime/intake/create-hooks-handler.js";
export type { RetryOptions, RestAttempt, RestRetry } from "./runtime/crisp/crisp-gateway.js";
export type { RetryPolicy } from "./runtime/crisp/decide-retry.js";
export type { HookWorkerOptions } from "./core/hooks/create-hook-worker-pool.js";
export { readEnvironment, hasCredentials, type RunEnvironment } from "./runtime/run/read-environment.js";
export { openStore, type OpenStoreOptions, type OpenedStore } from "./runtime/store/open-store.js";
export type {
  Store,
  StoreKind,
  Lease,
  DedupeClaim,
  WorkItem,
  StepRecord,
  DeadLetter,
  CounterIncrement,
} from "./core/ports/store.js";
export { checkManifest, type ManifestCheck } from "./core/manifest/check-manifest.js";
export { formatProblem, type Problem } from "./core/manifest/problem.js";
export type { ProblemCode } from "./core/manifest/problem-codes.js";
export { parseCrispEvent, type CrispEvent } from "./core/engine/crisp-event.js";
export { createLogger, silentLogger, type Logger, type LogFields, type LogLevel } from "./core/logging/logger.js";
export { KitError, type ErrorCode, type ErrorKind } from "./core/errors/kit-error.js";
