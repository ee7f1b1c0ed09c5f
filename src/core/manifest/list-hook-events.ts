import { LIFECYCLE_EVENTS } from "../crisp/rtm-events.js";
import { isWidgetEvent } from "../engine/widget-events.js";
import { ruleEvents, type Manifest } from "./manifest.js";

/** One event to tick in the Marketplace, and what the plugin does with it. */
export interface HookEvent {
  readonly event: string;
  /** One sentence per use: the rules that listen to it, the delays it cancels, the lifecycle. */
  readonly why: readonly string[];
}

const LIFECYCLE_WHY: Readonly<Record<(typeof LIFECYCLE_EVENTS)[number], string>> = {
  "plugin:subscription:updated": "lifecycle: learn at once that a website installed or removed the plugin",
  "plugin:settings:saved": "lifecycle: apply a website's new settings at once",
};

/**
 * The events a plugin needs in Web Hooks mode, where Crisp sends only the events ticked in the
 * Marketplace (crisp-platform.md §11): those its rules listen to, those that cancel a `delay`, and
 * the lifecycle events (not widget events, which come through the Action URL); the same list the
 * runtime subscribes to over WebSockets. In the order first
 * met, the lifecycle last.
 */
export function listHookEvents(manifest: Manifest): HookEvent[] {
  const uses = new Map<string, string[]>();
  const add = (event: string, why: string): void => {
    // Widget events come from the Action URL, never from Crisp's RTM events.
    if (isWidgetEvent(event)) return;
    const list = uses.get(event) ?? [];
    if (!list.includes(why)) list.push(why);
    uses.set(event, list);
  };
  for (const rule of manifest.rules) {
    for (const event of ruleEvents(rule)) add(event, `rule ${rule.id}`);
    for (const step of rule.do) {
      if (step.action !== "delay") continue;
      for (const event of (step.with.cancel_on as readonly string[] | undefined) ?? []) {
        add(event, `cancels the delay of rule ${rule.id}`);
      }
    }
  }
  for (const event of LIFECYCLE_EVENTS) add(event, LIFECYCLE_WHY[event]);
  return [...uses].map(([event, why]) => ({ event, why }));
}
