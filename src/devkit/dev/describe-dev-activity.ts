import type { CrispEvent } from "../../core/engine/crisp-event.js";
import type { RecordedCall } from "../simulator/call-recorder.js";

/** Event fields every session event carries: left out of what `dev` prints. */
const COMMON_FIELDS = new Set(["website_id", "session_id", "inbox_id", "timestamp"]);

/** Routes whose calls `dev` does not print: reads and the plugin's own start-up paging. */
const QUIET_ROUTES = new Set([
  "getConversationMetas",
  "getConversation",
  "listWebsiteOperators",
  "listAllConnectWebsites",
  "getConnectAccount",
  "getConnectEndpoints",
  "getSubscriptionSettings",
  "listConnectWebsitesSince",
]);

/** One line of `dev` output for a Crisp REST call the plugin made; `undefined` for quiet routes. */
export function describeDevCall(call: RecordedCall, names: ReadonlyMap<string, string>): string | undefined {
  if (QUIET_ROUTES.has(call.route)) return undefined;
  const site = `[${names.get(call.websiteId ?? "") ?? call.websiteId ?? "plugin"}]`;
  const body = (call.body ?? {}) as Record<string, unknown>;
  switch (call.route) {
    case "sendMessageInConversation": {
      const user = body.user as { nickname?: string } | undefined;
      const kind = body.type === "note" ? " (private note)" : "";
      const content = typeof body.content === "string" ? body.content : JSON.stringify(body.content);
      return `${site} ${user?.nickname ?? "plugin"}${kind}: ${content}`;
    }
    case "updateConversationMetas":
      return `${site} conversation updated: ${JSON.stringify(body)}`;
    case "saveSubscriptionSettings":
      return `${site} settings saved: ${JSON.stringify(body)}`;
    default:
      return `${site} ${call.route} ${JSON.stringify(body)}`;
  }
}

/**
 * One line of `dev` output for an event the plugin received that nobody typed into `dev`: the echo
 * of one of its own writes, most of the time, so a rule that triggers itself shows as a loop.
 * Lifecycle events (`plugin:*`) are left out.
 */
export function describeDevEvent(
  event: CrispEvent,
  names: ReadonlyMap<string, string>,
  pluginUrn: string,
): string | undefined {
  if (event.name.startsWith("plugin:")) return undefined;
  const site = `[${names.get(event.website_id) ?? event.website_id}]`;
  const fields = Object.fromEntries(Object.entries(event.data).filter(([key]) => !COMMON_FIELDS.has(key)));
  const own = event.data.origin === pluginUrn ? " (caused by the plugin itself)" : "";
  const text = JSON.stringify(fields);
  return `${site} event ${event.name}${own}: ${text.length > 160 ? `${text.slice(0, 157)}...` : text}`;
}
