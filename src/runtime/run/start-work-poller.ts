import type { EventQueue } from "../../core/engine/create-event-queue.js";
import type { Logger } from "../../core/logging/logger.js";
import type { Lease, Store, WorkItem } from "../../core/ports/store.js";

/** Takes stored work that is due (delays that ended, replayed dead letters, work of a dead replica). */
export interface WorkPoller {
  /** Takes what is due now and queues it; resolves with how many items were taken. */
  poll(): Promise<number>;
  /** Takes the work this process owned before a restart and queues it. */
  resume(): Promise<number>;
  stop(): void;
}

/**
 * Polls the store every `intervalMs` (delays are precise to about that) and queues what is due
 * behind the other events of its conversation. Items already queued here are not queued twice.
 */
export function startWorkPoller(options: {
  store: Store;
  queue: EventQueue;
  lease: () => Lease;
  run: (item: WorkItem) => Promise<void>;
  intervalMs: number;
  log: Logger;
  batch?: number;
}): WorkPoller {
  const { store, queue, log } = options;
  const inFlight = new Set<string>();
  const enqueue = (items: readonly WorkItem[]): number => {
    let queued = 0;
    for (const item of items) {
      if (inFlight.has(item.id)) continue;
      inFlight.add(item.id);
      queued += 1;
      void queue.push(item.conversation, () => options.run(item).finally(() => inFlight.delete(item.id)));
    }
    return queued;
  };
  let polling: Promise<number> | undefined;
  const poll = (): Promise<number> => {
    // One poll at a time: a slow store must not pile polls up.
    polling ??= store
      .claimDue(options.lease(), options.batch ?? 100)
      .then(enqueue)
      .finally(() => {
        polling = undefined;
      });
    return polling;
  };
  const timer = setInterval(() => {
    poll().catch((error: unknown) => {
      log.warn(`store: could not take due work: ${error instanceof Error ? error.message : String(error)}`);
    });
  }, options.intervalMs);
  timer.unref();
  return {
    poll,
    resume: async () => enqueue(await store.claimOwned(options.lease())),
    stop: () => {
      clearInterval(timer);
    },
  };
}
