import type { CrispGateway } from "../crisp/crisp-gateway.js";
import { createCrispRest } from "../crisp/crisp-rest.js";
import { grantedScopes } from "../crisp/granted-scopes.js";
import type { QuotaBudget } from "../../core/crisp/quota-budget.js";
import { compileRuleSet, type CompiledStep, type RuleSet } from "../../core/engine/compile-rule-set.js";
import { CircuitBreaker } from "../../core/engine/circuit-breaker.js";
import type { CrispEvent } from "../../core/engine/crisp-event.js";
import type { EngineDeps } from "../../core/engine/engine-deps.js";
import type { HookRunner } from "../../core/engine/hook-runner.js";
import { createHookWorkerPool, type HookWorkerOptions } from "../../core/hooks/create-hook-worker-pool.js";
import { createHookRunner, type LoadedHooks } from "../../core/hooks/load-hooks.js";
import { OwnWrites } from "../../core/engine/own-writes.js";
import { listHookEvents } from "../../core/manifest/list-hook-events.js";
import type { LoadedManifest } from "../../core/manifest/load-manifest.js";
import type { Manifest } from "../../core/manifest/manifest.js";
import type { Logger } from "../../core/logging/logger.js";
import { createSettingsValidator, type SettingsResult } from "../websites/create-settings-validator.js";
import { conversationOf } from "./event-work.js";

/**
 * One version of the plugin, compiled from one manifest: what an event is handled with. A reload
 * builds a new version beside the live one and swaps the reference; an event reads the reference
 * once, so it is handled wholly by one version, and steps already running finish under theirs.
 */
export interface PluginVersion {
  /** 1 for the manifest the plugin started with, then one more per applied reload. */
  readonly number: number;
  readonly manifest: Manifest;
  readonly ruleSet: RuleSet;
  readonly engine: EngineDeps;
  readonly validateSettings: (settings: unknown) => SettingsResult;
  /** Events that cancel a waiting `delay` (its `cancel_on`). */
  readonly cancelEvents: ReadonlySet<string>;
  /** The RTM events this version needs: those its rules listen to, those that cancel delays, and the lifecycle. */
  readonly events: ReadonlySet<string>;
}

/**
 * What every version shares: the Crisp gateway (each version limits it to its manifest's scopes),
 * logging, time, mode and the daily quota budget.
 */
export interface VersionBase {
  readonly gateway: CrispGateway;
  /** Decides whether a step may still run as the quota runs low (the gateway counts the requests). */
  readonly budget?: QuotaBudget;
  readonly log: Logger;
  readonly now: () => Date;
  readonly fetch: typeof fetch;
  readonly dryRun: boolean;
  /** Run hooks in worker threads sized so (what the runtime does); absent: in this thread. */
  readonly hookWorkers?: HookWorkerOptions;
  /** The plugin's recent writes, shared by every version (an echo may reach the next one). */
  readonly ownWrites?: OwnWrites;
  /** The per-conversation action counts, shared by every version; each applies its own limit. */
  readonly breaker?: CircuitBreaker;
}

/** Compiles a loaded, valid manifest into a version. */
export function buildVersion(
  number: number,
  loaded: LoadedManifest & { manifest: Manifest },
  base: VersionBase,
): PluginVersion {
  const { manifest } = loaded;
  const ruleSet = compileRuleSet(manifest);
  const cancelEvents = new Set(
    manifest.rules.flatMap((rule) =>
      rule.do.flatMap((step) => (step.action === "delay" ? ((step.with.cancel_on as string[] | undefined) ?? []) : [])),
    ),
  );
  return {
    number,
    manifest,
    ruleSet,
    engine: {
      // The manifest's scopes limit every call, the "was it sent?" check before re-sending a
      // message included, in development as they would with a production token. Writes whose
      // echo carries no origin are remembered before they are sent, hooks' included.
      crisp: createCrispRest(base.gateway, grantedScopes(manifest.scopes), base.ownWrites),
      log: base.log,
      now: base.now,
      fetch: base.fetch,
      ...(loaded.hooks ? { hooks: hookRunnerOf(loaded.hooks, base) } : {}),
      mode: base.dryRun ? "record" : "run",
      ...(base.budget === undefined ? {} : { admit: admitWithin(base.budget) }),
      ...(base.ownWrites === undefined ? {} : { ownWrites: base.ownWrites }),
      ...(base.breaker === undefined ? {} : { breaker: limitWith(base.breaker, manifest) }),
    },
    validateSettings: createSettingsValidator(manifest.settings),
    cancelEvents,
    // The list `crisp-plugin events` prints for Web Hooks, so that both modes hear the same events.
    events: new Set(listHookEvents(manifest).map(({ event }) => event)),
  };
}

/**
 * The memory of the plugin's own writes and the circuit breaker, shared by every version. Both per
 * process: an echo handled by another replica, or a loop spread over replicas, is not seen.
 */
export function loopGuards(now: () => number, log: Logger): { ownWrites: OwnWrites; breaker: CircuitBreaker } {
  return { ownWrites: new OwnWrites({ now }), breaker: new CircuitBreaker({ now, log }) };
}

/** The breaker with this version's `circuit_breaker.actions_per_minute`. */
function limitWith(breaker: CircuitBreaker, manifest: Manifest): (event: CrispEvent, ruleId: string) => void {
  const limit = manifest.circuit_breaker.actions_per_minute;
  return (event, ruleId) => {
    breaker.admit(conversationOf(event), ruleId, limit);
  };
}

/**
 * The version's hooks: in worker threads of their own (one pool per version, so a reload's new
 * hooks module never shares a worker with the old one), or in this thread.
 */
function hookRunnerOf(hooks: LoadedHooks, base: VersionBase): HookRunner {
  if (base.hookWorkers === undefined) return hooks.runner;
  const pool = createHookWorkerPool(hooks.path, base.hookWorkers);
  // One worker starts now (importing the hooks takes about a second), so the first event with a
  // hook step does not wait for it. A module that fails to import fails that event's step instead.
  pool.warm().catch(() => undefined);
  return createHookRunner(hooks.definitions, pool.execute, () => pool.close());
}

/**
 * Asks the quota budget before a step that may call Crisp: built-in actions by their priority
 * (`send_message` is a customer-visible reply, kept longest), hooks as `normal`. Actions that make
 * no Crisp call (`delay`, `stop`, `log`, `http`) are never held back by Crisp's quota.
 */
function admitWithin(budget: QuotaBudget): (step: CompiledStep) => Promise<void> {
  return (step) => {
    const { definition } = step;
    if (definition !== undefined && definition.needs.length === 0) return Promise.resolve();
    return budget.check(definition?.priority ?? "normal");
  };
}
