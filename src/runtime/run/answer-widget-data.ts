import type { CrispEvent } from "../../core/engine/crisp-event.js";
import { handleEvent } from "../../core/engine/handle-event.js";
import { widgetReply } from "../../core/engine/widget-reply.js";
import type { Logger } from "../../core/logging/logger.js";
import type { WebsiteRegistry } from "../websites/website-registry.js";
import { logDecision } from "./log-decision.js";
import type { PluginVersion } from "./plugin-version.js";

/** How long a data item's rules may take before the widget gets an empty value (Crisp waits for the answer). */
export const WIDGET_DATA_DEADLINE_MS = 5_000;

/**
 * Answers a `widget:data` event inside the request: its rules run at once through the live version,
 * without the store (a value to show is not work to resume), and the last `reply` is the value.
 * No reply within `deadlineMs`, no rule replying, or a website whose settings are invalid: an empty
 * value (an edit keeps the edited text when no rule replies), and a log line that says why. The rules go on after the deadline; their steps still run.
 */
export function createWidgetDataAnswerer(deps: {
  readonly version: () => PluginVersion;
  readonly registry: WebsiteRegistry;
  readonly log: Logger;
  readonly deadlineMs?: number;
}): (event: CrispEvent) => Promise<string> {
  const deadlineMs = deps.deadlineMs ?? WIDGET_DATA_DEADLINE_MS;
  return async (event) => {
    const where = { website_id: event.website_id, session_id: event.session_id, item_id: event.data.item_id };
    const website = deps.registry.get(event.website_id);
    if (website === undefined || !website.settings.ok) {
      deps.log.warn("widget:data answered an empty value: the website's settings are invalid", where);
      return "";
    }
    const { ruleSet, engine } = deps.version();
    const handled = handleEvent(ruleSet, event, { id: website.id, settings: website.settings.settings }, engine).then(
      (record) => {
        logDecision(record, deps.log);
        return record;
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => {
        resolve("late");
      }, deadlineMs);
    });
    const record = await Promise.race([handled, late]).finally(() => {
      clearTimeout(timer);
    });
    if (record === "late") {
      deps.log.warn(`widget:data answered an empty value: no reply within ${deadlineMs} ms`, where);
      return "";
    }
    const value = widgetReply(record);
    if (value !== undefined) return value;
    // An edited value no rule answers stays as the operator typed it.
    const edited = (event.data.payload as { value?: unknown } | undefined)?.value;
    if (typeof edited === "string") return edited;
    deps.log.warn("widget:data answered an empty value: no rule replied (add a reply step for this item)", where);
    return "";
  };
}
