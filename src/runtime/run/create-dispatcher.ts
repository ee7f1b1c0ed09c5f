import type { PluginConnect } from "../crisp/plugin-connect.js";
import type { CrispEvent } from "../../core/engine/crisp-event.js";
import type { EventQueue } from "../../core/engine/create-event-queue.js";
import type { HookOutcome } from "../intake/create-hooks-handler.js";
import type { Logger } from "../../core/logging/logger.js";
import type { Metrics } from "../observability/create-metrics.js";
import type { SocketMark } from "../../core/ports/socket-leases.js";
import type { Lease, Store } from "../../core/ports/store.js";
import { applyLifecycle } from "./apply-lifecycle.js";
import type { WebsiteRegistry } from "../websites/website-registry.js";
import { conversationOf, eventWork, type Delivery, type EventWork } from "./event-work.js";
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
  /** Where delays are cancelled. */
  readonly store: Store;
  /** This process as the owner of the work it accepts, at the current time. */
  readonly lease: () => Lease;
  /**
   * Stores an event's work (unless it is a copy) and has it run in its conversation's order: here,
   * or by the replica holding the conversation. Resolves once it is stored.
   */
  readonly accept: (work: EventWork, owner: Lease, socket?: SocketMark) => Promise<"accepted" | "duplicate">;
}

/**
 * Returns the function every intake (socket, Web Hooks) hands events to. Lifecycle events update
 * the registry at once; events for websites that did not install the plugin (or whose settings
 * are invalid) are ignored and logged; an event cancels the delays of its conversation that wait
 * for it, unless the plugin caused it; events some rule listens to are written to the store (unless the same event was already
 * accepted: `duplicate`), then queued per conversation and run through the rules. Resolves once
 * the event is stored, not when it has been handled.
 */
export function createDispatcher(
  deps: DispatcherDeps,
): (event: CrispEvent, delivery?: Delivery, socket?: SocketMark) => Promise<HookOutcome> {
  return async (event, delivery = "socket", socket) => {
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
    const version = deps.version();
    // The plugin's own message or write is not what a delay waits for ("unless an operator answers").
    if (version.cancelEvents.has(event.name) && !isOwnEvent(event, version)) {
      // Now, before the event is acknowledged; and again in the conversation's order, for delays
      // that events queued ahead of this one are about to start.
      await cancelDelays(event, deps);
      void deps.queue.push(conversationOf(event), () => cancelDelays(event, deps).catch(() => undefined));
    }
    if (!version.ruleSet.events.has(event.name)) {
      deps.metrics.eventsReceived.inc({ event: event.name, outcome: "no-rule" });
      return "accepted";
    }
    // Every message the plugin sends comes back (message:received): when no rule wants its own
    // events, it is not worth a store write and a queue turn.
    if (event.data.origin === version.ruleSet.plugin.urn && !wantsOwnEvents(version, event.name)) {
      deps.log.debug(`ignored ${event.name}: the plugin's own (origin ${version.ruleSet.plugin.urn})`, {
        website_id: event.website_id,
        session_id: event.session_id,
      });
      deps.metrics.eventsReceived.inc({ event: event.name, outcome: "own" });
      return "accepted";
    }
    const lease = deps.lease();
    const work = eventWork(event, lease.now, delivery);
    if ((await deps.accept(work, lease, socket)) === "duplicate") {
      deps.log.info(`ignored ${event.name}: the same event was accepted before (duplicate delivery)`, {
        website_id: event.website_id,
        session_id: event.session_id,
      });
      deps.metrics.eventsReceived.inc({ event: event.name, outcome: "duplicate" });
      return "duplicate";
    }
    deps.metrics.eventsReceived.inc({ event: event.name, outcome: "handled" });
    return "accepted";
  };
}

function wantsOwnEvents(version: PluginVersion, event: string): boolean {
  return (version.ruleSet.byEvent.get(event) ?? []).some((rule) => rule.includeOwnEvents && rule.enabled);
}

/** A message stamped with the plugin's URN, or the echo of one of its recent writes. */
function isOwnEvent(event: CrispEvent, version: PluginVersion): boolean {
  return event.data.origin === version.ruleSet.plugin.urn || version.engine.ownWrites?.recognises(event) === true;
}

async function cancelDelays(event: CrispEvent, deps: DispatcherDeps): Promise<void> {
  if (event.session_id === undefined) return;
  const cancelled = await deps.store.cancel(conversationOf(event), event.name);
  if (cancelled.length > 0) {
    deps.log.info(`${event.name} cancelled ${cancelled.length} waiting rule(s)`, {
      website_id: event.website_id,
      session_id: event.session_id,
    });
  }
}
