import type { IncomingMessage, ServerResponse } from "node:http";
import type { CrispEvent } from "../../core/engine/crisp-event.js";
import { KitError } from "../../core/errors/kit-error.js";
import type { HookOutcome } from "../intake/create-hooks-handler.js";
import { createWidgetHandler } from "../intake/create-widget-handler.js";
import type { Logger } from "../../core/logging/logger.js";
import type { WebsiteRegistry } from "../websites/website-registry.js";
import { createWidgetDataAnswerer } from "./answer-widget-data.js";
import type { Delivery } from "./event-work.js";
import type { PluginVersion } from "./plugin-version.js";

/** What an embedder or test may choose about the widget's Action URL. */
export interface WidgetIntakeOptions {
  /** How long a widget data item's rules may take before it is answered empty; default 5 seconds. */
  readonly widgetDeadlineMs?: number;
}

/**
 * The runtime's `POST /widget`: website tokens from the registry, the signing secret from
 * `CRISP_WIDGET_SECRET` (else the hooks secret), data fetches answered by the rules in the request,
 * button presses stored and de-duplicated by the dispatcher like a Web Hook (a copy Crisp retries
 * with the same signed timestamp and body runs once). Shutting down: 503.
 */
export function createWidgetIntake(deps: {
  readonly options: WidgetIntakeOptions & { readonly widgetSecret?: string; readonly hooksSecret?: string };
  readonly registry: WebsiteRegistry;
  readonly version: () => PluginVersion;
  readonly dispatch: (event: CrispEvent, delivery?: Delivery) => Promise<HookOutcome>;
  readonly closing: () => boolean;
  readonly log: Logger;
}): (request: IncomingMessage, response: ServerResponse) => void {
  const { options, registry, log } = deps;
  const secret = options.widgetSecret ?? options.hooksSecret;
  const answer = createWidgetDataAnswerer({
    version: deps.version,
    registry,
    log,
    ...(options.widgetDeadlineMs === undefined ? {} : { deadlineMs: options.widgetDeadlineMs }),
  });
  return createWidgetHandler({
    ...(secret === undefined ? {} : { secret }),
    tokenOf: (websiteId) => registry.get(websiteId)?.token,
    fetchData: (event) =>
      deps.closing()
        ? Promise.reject(new KitError("SHUTTING_DOWN", "shutting down", { kind: "retryable" }))
        : answer(event),
    press: (event) => deps.dispatch(event, "hook"),
    log,
  });
}
