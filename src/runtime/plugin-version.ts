import type { CrispRest } from "../crisp/crisp-rest.js";
import { limitToScopes } from "../crisp/crisp-rest.js";
import { grantedScopes } from "../crisp/granted-scopes.js";
import { compileRuleSet, type RuleSet } from "../engine/compile-rule-set.js";
import type { EngineDeps } from "../engine/handle-event.js";
import type { LoadedManifest } from "../manifest/load-manifest.js";
import type { Manifest } from "../manifest/manifest.js";
import type { Logger } from "../observability/logger.js";
import { createSettingsValidator, type SettingsResult } from "../websites/create-settings-validator.js";
import { LIFECYCLE_EVENTS } from "./lifecycle-events.js";

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

/** What every version shares: the Crisp client (before scope limits), logging, time and mode. */
export interface VersionBase {
  readonly crisp: CrispRest;
  readonly log: Logger;
  readonly now: () => Date;
  readonly fetch: typeof fetch;
  readonly dryRun: boolean;
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
      crisp: limitToScopes(base.crisp, grantedScopes(manifest.scopes)),
      log: base.log,
      now: base.now,
      fetch: base.fetch,
      ...(loaded.hooks ? { hooks: loaded.hooks.runner } : {}),
      mode: base.dryRun ? "record" : "run",
    },
    validateSettings: createSettingsValidator(manifest.settings),
    cancelEvents,
    events: new Set([...ruleSet.events, ...cancelEvents, ...LIFECYCLE_EVENTS]),
  };
}
