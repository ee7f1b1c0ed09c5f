import type { PluginConnect } from "../crisp/plugin-connect.js";
import type { CrispEvent } from "../engine/crisp-event.js";
import type { EventQueue } from "../engine/create-event-queue.js";
import { handleEvent } from "../engine/handle-event.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/create-metrics.js";
import type { WebsiteRegistry } from "../websites/website-registry.js";
import { logDecision } from "./log-decision.js";

import type { PluginVersion } from "./plugin-version.js";

/** What the dispatcher needs. */
export interface DispatcherDeps {
  /** The version live now; read once per event, so an event is handled wholly by one version. */
  readonly version: () => PluginVersion;
  readonly registry: WebsiteRegistry;
  readonly queue: EventQueue;
  readonly connect: PluginConnect;
  readonly pluginId: string;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Called when a website installs the plugin (WebSockets mode re-binds the socket). */
  readonly onInstalled: (websiteId: string) => void;
}

/**
 * Returns the function every intake (socket, Web Hooks) hands events to. Lifecycle events update
 * the registry at once; events for websites that did not install the plugin (or whose settings
 * are invalid) are ignored and logged; the others are queued per conversation and run through the
 * rules. Resolves once the event is accepted (queued), not when it has been handled.
 */
export function createDispatcher(deps: DispatcherDeps): (event: CrispEvent) => Promise<"accepted" | "ignored"> {
  return async (event) => {
    await applyLifecycle(event, deps);
    const website = deps.registry.get(event.website_id);
    if (website === undefined) {
      deps.log.info(`ignored ${event.name}: website ${event.website_id} has not installed the plugin`);
      deps.metrics.eventsReceived.inc({ event: event.name, outcome: "ignored" });
      return "ignored";
    }
    if (!website.settings.ok) {
      deps.metrics.eventsReceived.inc({ event: event.name, outcome: "invalid-settings" });
      return "ignored";
    }
    const { ruleSet, engine } = deps.version();
    if (!ruleSet.events.has(event.name)) {
      deps.metrics.eventsReceived.inc({ event: event.name, outcome: "no-rule" });
      return "accepted";
    }
    deps.metrics.eventsReceived.inc({ event: event.name, outcome: "handled" });
    const settings = website.settings.settings;
    const key = `${event.website_id}/${event.session_id ?? ""}`;
    void deps.queue.push(key, async () => {
      const record = await handleEvent(ruleSet, event, { id: website.id, settings }, engine);
      for (const rule of record.rules) {
        if (rule.outcome === "ran") deps.metrics.rulesFired.inc({ rule: rule.rule });
        for (const step of rule.steps) deps.metrics.actions.inc({ action: step.action, outcome: step.outcome });
      }
      logDecision(record, deps.log);
    });
    return "accepted";
  };
}

async function applyLifecycle(event: CrispEvent, deps: DispatcherDeps): Promise<void> {
  const { data } = event;
  if (event.name === "plugin:settings:saved" && typeof data.settings === "object" && data.settings !== null) {
    if (deps.registry.get(event.website_id) === undefined) return;
    deps.registry.updateSettings(event.website_id, data.settings as Record<string, unknown>);
    deps.log.info(`website ${event.website_id}: settings saved`);
    return;
  }
  if (event.name !== "plugin:subscription:updated") return;
  if (data.bound === false) {
    if (deps.registry.remove(event.website_id)) deps.log.info(`website ${event.website_id} uninstalled the plugin`);
    return;
  }
  // The event carries no token or settings: read them.
  const subscription = await deps.connect.getSubscription(event.website_id, deps.pluginId);
  if (deps.registry.upsert(subscription)) {
    deps.log.info(`website ${event.website_id} installed the plugin`);
    deps.onInstalled(event.website_id);
  }
}
