import type { CrispEvent } from "../../core/engine/crisp-event.js";
import type { Logger } from "../../core/logging/logger.js";
import type { PluginConnect } from "../crisp/plugin-connect.js";
import type { WebsiteRegistry } from "../websites/website-registry.js";

/** What applying a lifecycle event needs. */
export interface LifecycleDeps {
  readonly registry: WebsiteRegistry;
  readonly connect: PluginConnect;
  readonly pluginId: string;
  readonly log: Logger;
  /** Called when a website installs the plugin (WebSockets mode re-binds the socket). */
  readonly onInstalled: (websiteId: string) => void;
}

/** The events that change the website registry. */
export const LIFECYCLE_EVENTS: ReadonlySet<string> = new Set(["plugin:subscription:updated", "plugin:settings:saved"]);

/**
 * Applies an install, uninstall or settings save to the website registry (other events are left
 * alone). An install carries no token or settings: they are read from Crisp.
 */
export async function applyLifecycle(event: CrispEvent, deps: LifecycleDeps): Promise<void> {
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
  const subscription = await deps.connect.getSubscription(event.website_id, deps.pluginId);
  if (deps.registry.upsert(subscription)) {
    deps.log.info(`website ${event.website_id} installed the plugin`);
    deps.onInstalled(event.website_id);
  }
}
