import { randomUUID } from "node:crypto";
import { parseCrispEvent, type CrispEvent } from "../../core/engine/crisp-event.js";
import type { Logger } from "../../core/logging/logger.js";
import type { SocketLeases } from "../../core/ports/socket-leases.js";

/** Installs, uninstalls and settings saves, passed between replicas. */
export interface LifecycleSharing {
  /** Tells the other replicas about a lifecycle event this one received. */
  publish(event: CrispEvent): void;
  stop(): Promise<void>;
}

/**
 * Shares lifecycle events between the replicas of a fleet: each event reaches one replica (the
 * socket holder, or the one a Web Hook hit), but every replica keeps its own list of websites and
 * their settings, which the work it runs reads. A replica that misses one (it was disconnected) is
 * repaired by the reconciliation every five minutes, as for a missed event.
 */
export async function shareLifecycle(options: {
  readonly leases: SocketLeases;
  readonly apply: (event: CrispEvent) => Promise<void>;
  readonly log: Logger;
}): Promise<LifecycleSharing> {
  const { log } = options;
  const self = randomUUID();
  const stop = await options.leases.listen((message) => {
    const received = read(message);
    if (received === undefined || received.from === self) return;
    const event = parseCrispEvent(received.event);
    if ("error" in event) return;
    options.apply(event).catch((error: unknown) => {
      log.warn(
        `${event.name} from another replica not applied: ${error instanceof Error ? error.message : String(error)}`,
        {
          website_id: event.website_id,
        },
      );
    });
  });
  return {
    publish(event) {
      const body = { event: event.name, website_id: event.website_id, timestamp: event.timestamp, data: event.data };
      options.leases.broadcast(JSON.stringify({ from: self, event: body })).catch((error: unknown) => {
        log.warn(
          `${event.name} not shared with the other replicas: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    },
    stop,
  };
}

function read(message: string): { from: string; event: unknown } | undefined {
  try {
    const parsed = JSON.parse(message) as { from?: unknown; event?: unknown };
    return typeof parsed.from === "string" ? { from: parsed.from, event: parsed.event } : undefined;
  } catch {
    return undefined;
  }
}
