import { connectRtm, type RtmConnection } from "../crisp/connect-rtm.js";
import type { KitError } from "../../core/errors/kit-error.js";
import type { Logger } from "../../core/logging/logger.js";

/** The RTM socket of a running plugin, whose event list can change without a gap. */
export interface RtmSubscription {
  readonly events: ReadonlySet<string>;
  rebind(): void;
  /**
   * Moves to a new event list without a gap: a new socket subscribed to the new events
   * authenticates first, then the old one closes. An event both sockets deliver is handed on once.
   */
  switchTo(events: ReadonlySet<string>): Promise<void>;
  close(): void;
}

/** How long the new socket's deliveries are compared with what the old one delivered during a switch. */
const OVERLAP_GRACE_MS = 5_000;

/**
 * What the two sockets delivered while a switch was under way, by event: positive counts are
 * copies the old socket handed on that the new one has not delivered yet, negative the reverse.
 */
interface Overlap {
  readonly generation: number;
  readonly balance: Map<string, number>;
}

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
  let generation = 0;
  let overlap: Overlap | undefined;
  let overlapTimer: NodeJS.Timeout | undefined;
  // Only during a switch is an event compared at all: a copy is dropped when the other socket
  // already handed the same event on, one copy for one; identical events that really happen twice
  // (resolved, reopened, resolved) still pass, because each delivery cancels one copy only.
  const deliverFor =
    (from: number) =>
    (name: string, data: unknown): void => {
      const current = overlap;
      if (current !== undefined) {
        const key = `${name} ${JSON.stringify(data)}`;
        const balance = current.balance.get(key) ?? 0;
        const sign = from === current.generation ? 1 : -1;
        current.balance.set(key, balance + sign);
        if (balance * sign < 0) return;
      }
      options.onEvent(name, data);
    };
  const connect = (events: ReadonlySet<string>, from: number): Promise<RtmConnection> =>
    connectRtm({ ...options, events: [...events], onEvent: deliverFor(from) });
  let connection = await connect(options.events, generation);
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
      const started: Overlap = { generation, balance: new Map() };
      overlap = started;
      let replacement: RtmConnection;
      try {
        replacement = await connect(next, generation + 1);
      } catch (error) {
        overlap = undefined;
        throw error;
      }
      generation += 1;
      const previous = connection;
      connection = replacement;
      events = next;
      previous.close();
      overlapTimer = setTimeout(() => {
        if (overlap === started) overlap = undefined;
      }, OVERLAP_GRACE_MS);
      overlapTimer.unref();
    },
    close: () => {
      clearTimeout(overlapTimer);
      connection.close();
    },
  };
}
