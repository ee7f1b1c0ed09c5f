import { connectRtm, type RtmConnection } from "../crisp/connect-rtm.js";
import type { KitError } from "../errors/kit-error.js";
import type { Logger } from "../observability/logger.js";

/** The RTM socket of a running plugin, whose event list can change without a gap. */
export interface RtmSubscription {
  readonly events: ReadonlySet<string>;
  rebind(): void;
  /**
   * Moves to a new event list without a gap: a new socket subscribed to the new events
   * authenticates first, then the old one closes. While both are open, an event delivered by both
   * is handed on once.
   */
  switchTo(events: ReadonlySet<string>): Promise<void>;
  close(): void;
}

/** How long after a switch events are still compared, to drop the old socket's late deliveries. */
const OVERLAP_GRACE_MS = 5_000;

/** Connects the plugin's RTM socket. */
export async function createRtmSubscription(options: {
  url: string;
  identifier: string;
  key: string;
  events: ReadonlySet<string>;
  onEvent: (name: string, data: unknown) => void;
  onFatal: (error: KitError) => void;
  log: Logger;
}): Promise<RtmSubscription> {
  let seen: Set<string> | undefined;
  let overlapTimer: NodeJS.Timeout | undefined;
  const deliver = (name: string, data: unknown): void => {
    if (seen !== undefined) {
      const key = `${name} ${JSON.stringify(data)}`;
      if (seen.has(key)) return;
      seen.add(key);
    }
    options.onEvent(name, data);
  };
  const connect = (events: ReadonlySet<string>): Promise<RtmConnection> =>
    connectRtm({ ...options, events: [...events], onEvent: deliver });
  let connection = await connect(options.events);
  let events = options.events;
  return {
    get events() {
      return events;
    },
    rebind: () => {
      connection.rebind();
    },
    async switchTo(next) {
      clearTimeout(overlapTimer);
      seen ??= new Set();
      const replacement = await connect(next);
      const previous = connection;
      connection = replacement;
      events = next;
      previous.close();
      overlapTimer = setTimeout(() => (seen = undefined), OVERLAP_GRACE_MS);
      overlapTimer.unref();
    },
    close: () => {
      clearTimeout(overlapTimer);
      connection.close();
    },
  };
}
