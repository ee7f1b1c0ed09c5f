import type { JsonObject } from "./json-object.js";
import type { WebsiteChange } from "./simulator-state.js";

/** The RTM events that tell a plugin about its own installs and settings (crisp-platform.md §4.3). */
const LIFECYCLE_EVENTS: ReadonlySet<string> = new Set(["plugin:subscription:updated", "plugin:settings:saved"]);

/**
 * What `plugin:subscription:updated` carries in `target`: undocumented (crisp-platform.md §4.3), so
 * this is a guess; a runtime should not depend on its value.
 */
const SUBSCRIPTION_TARGET = "website";

/** An event to emit: its name and payload. */
export interface LifecycleEvent {
  readonly event: string;
  readonly data: JsonObject;
}

/** The event a real Crisp would emit for a change to a website's subscription or settings. */
export function lifecycleEvent(change: WebsiteChange, pluginId: string): LifecycleEvent {
  const { website_id, settings } = change.website;
  if (change.kind === "settings-saved") {
    return { event: "plugin:settings:saved", data: { website_id, plugin_id: pluginId, settings } };
  }
  const bound = change.kind === "installed";
  return {
    event: "plugin:subscription:updated",
    data: { website_id, plugin_id: pluginId, bound, target: SUBSCRIPTION_TARGET },
  };
}

/** True for the events delivered regardless of a socket's website binding (see `RtmHub.emit`). */
export function isLifecycleEvent(event: string): boolean {
  return LIFECYCLE_EVENTS.has(event);
}
