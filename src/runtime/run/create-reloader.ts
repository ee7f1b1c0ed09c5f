import { loadManifest } from "../../core/manifest/load-manifest.js";
import { formatProblem } from "../../core/manifest/problem.js";
import type { Logger } from "../../core/logging/logger.js";
import type { Metrics } from "../observability/create-metrics.js";
import { describeDiff, diffManifests } from "../reload/diff-manifests.js";
import type { WebsiteRegistry } from "../websites/website-registry.js";
import { buildVersion, type PluginVersion, type VersionBase } from "./plugin-version.js";
import type { RtmSubscription } from "./create-rtm-subscription.js";

/** The outcome of the last reload, for the health endpoint. */
export interface ReloadStatus {
  readonly count: number;
  readonly last?: {
    readonly outcome: "applied" | "rejected" | "failed";
    readonly at: string;
    readonly version: number;
  };
}

/** Reloads a running plugin's manifest (and hooks) on demand. */
export interface Reloader {
  /** Loads the manifest beside the live version; applies it when valid, else keeps the live one. */
  reload(): Promise<"applied" | "rejected" | "failed">;
  status(): ReloadStatus;
}

/**
 * Builds the reloader: validation happens off to the side, with the same problem lines as
 * `validate`; a valid manifest is compiled, its differences reported (rules, scopes, events,
 * websites whose settings the new schema refuses), the socket moved to the new event list without
 * a gap, and only then is the live version swapped. Reloads never overlap.
 */
export function createReloader(deps: {
  manifest: string;
  cwd?: string;
  base: VersionBase;
  current: () => PluginVersion;
  apply: (version: PluginVersion) => void;
  registry: WebsiteRegistry;
  rtm: () => RtmSubscription | undefined;
  log: Logger;
  metrics: Metrics;
}): Reloader {
  let status: ReloadStatus = { count: 0 };
  let running: Promise<"applied" | "rejected" | "failed"> = Promise.resolve("applied");
  const record = (outcome: "applied" | "rejected" | "failed", version: number): typeof outcome => {
    status = { count: status.count + 1, last: { outcome, at: new Date().toISOString(), version } };
    deps.metrics.reloads.inc({ outcome });
    return outcome;
  };
  const reloadOnce = async (): Promise<"applied" | "rejected" | "failed"> => {
    const live = deps.current();
    try {
      const loaded = await loadManifest(deps.manifest, deps.cwd === undefined ? {} : { cwd: deps.cwd });
      for (const problem of loaded.problems) deps.log.warn(formatProblem(problem));
      if (loaded.manifest === undefined) {
        deps.log.warn(`${deps.manifest} has errors: version ${live.number} stays active`);
        return record("rejected", live.number);
      }
      const next = buildVersion(live.number + 1, { ...loaded, manifest: loaded.manifest }, deps.base);
      report(live, next, deps);
      const rtm = deps.rtm();
      if (rtm !== undefined && !sameSet(rtm.events, next.events)) await rtm.switchTo(next.events);
      if (!isDeepEqualJson(live.manifest.settings, next.manifest.settings))
        deps.registry.revalidate(next.validateSettings);
      deps.apply(next);
      deps.log.info(`${deps.manifest} reloaded: version ${next.number} is live`);
      return record("applied", next.number);
    } catch (error) {
      deps.log.error(
        `reload failed, version ${live.number} stays active: ${error instanceof Error ? error.message : String(error)}`,
      );
      return record("failed", live.number);
    }
  };
  return {
    reload() {
      running = running.then(reloadOnce, reloadOnce);
      return running;
    },
    status: () => status,
  };
}

function report(live: PluginVersion, next: PluginVersion, deps: { registry: WebsiteRegistry; log: Logger }): void {
  const events = {
    added: [...next.ruleSet.events].filter((event) => !live.ruleSet.events.has(event)),
    dropped: [...live.ruleSet.events].filter((event) => !next.ruleSet.events.has(event)),
  };
  const diff = diffManifests(live.manifest, next.manifest);
  const lines = describeDiff(diff, events);
  if (lines.length === 0) deps.log.info("no rule, scope, event or settings schema changed");
  for (const line of lines) {
    if (line.startsWith("scopes added")) deps.log.warn(line);
    else deps.log.info(line);
  }
  if (!diff.settingsSchemaChanged) return;
  for (const failing of deps.registry.check(next.validateSettings)) {
    deps.log.warn(`website ${failing.id}: settings fail the new schema, its rules will not run: ${failing.reason}`);
  }
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((item) => b.has(item));
}

function isDeepEqualJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
