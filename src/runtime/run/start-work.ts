import type { EventQueue } from "../../core/engine/create-event-queue.js";
import type { Logger } from "../../core/logging/logger.js";
import { isSharing, type SharedWork } from "../../core/ports/shared-work.js";
import type { SocketMark } from "../../core/ports/socket-leases.js";
import type { Lease, Store, WorkItem } from "../../core/ports/store.js";
import { createConversationRunner, type ConversationRunner, type RunnerEvents } from "./create-conversation-runner.js";
import { localWork } from "./local-work.js";
import type { EventWork } from "./event-work.js";
import type { RunOptions, WorkOutcome } from "./run-work-item.js";
import { startWorkPoller, type WorkPoller } from "./start-work-poller.js";

/**
 * How long held work stays this replica's without a renewal, on a store replicas share: renewed
 * every third of it while the replica lives, so a replica that dies has its work taken over within
 * about this long (plus a poll).
 */
export const SHARED_LEASE_MS = 30_000;

/**
 * How long taken work stays this process's on a store for one process (SQLite, memory): nobody else
 * takes it over, so it is never renewed; a restart resumes it at once (`claimOwned`).
 */
export const LOCAL_LEASE_MS = 15 * 60_000;

/** Stored work as the runtime runs it: accepting, taking, running and renewing. */
export interface RunningWork {
  readonly work: SharedWork;
  readonly runner: ConversationRunner;
  readonly poller: WorkPoller;
  /** This replica as the owner of work, now. */
  readonly lease: () => Lease;
  /**
   * Stores an accepted event's work and runs it here, or leaves it to its conversation's holder. A
   * socket event refused (this replica no longer holds the socket) is answered as a copy: the
   * replica holding the socket now has it too.
   */
  readonly accept: (work: EventWork, owner: Lease, socket?: SocketMark) => Promise<"accepted" | "duplicate">;
  /** Whether replicas share the store (it has `shared`). */
  readonly shared: boolean;
}

/**
 * Sets up how stored work runs: with the store's {@link SharedWork} when replicas share it (Redis),
 * else one process's (every item its own claim, ordered by the event queue). Polls for due work
 * every `pollIntervalMs`; on a shared store, renews leases every third of `leaseMs` and takes no
 * more conversations than the queue has room for, so the others are left to the rest of the fleet.
 */
export function startWork(options: {
  readonly store: Store;
  readonly queue: EventQueue;
  readonly instance: string;
  readonly now: () => number;
  readonly run: (item: WorkItem, options: RunOptions) => Promise<WorkOutcome>;
  readonly concurrency: number;
  readonly pollIntervalMs: number;
  /** On a shared store; {@link SHARED_LEASE_MS} by default. */
  readonly leaseMs?: number;
  readonly log: Logger;
  readonly events?: RunnerEvents;
}): RunningWork {
  const { store, log } = options;
  const shared = isSharing(store);
  const work = shared ? store.shared : localWork(store);
  const leaseMs = shared ? (options.leaseMs ?? SHARED_LEASE_MS) : LOCAL_LEASE_MS;
  const lease = (): Lease => ({ id: options.instance, leaseMs, now: options.now() });
  const runner = createConversationRunner({
    work,
    queue: options.queue,
    lease,
    run: options.run,
    log,
    ...(shared ? { renewEveryMs: Math.max(1, Math.floor(leaseMs / 3)), confirmedForMs: Math.floor(leaseMs / 10) } : {}),
    ...(options.events === undefined ? {} : { events: options.events }),
  });
  const poller = startWorkPoller({
    work,
    runner,
    lease,
    // One process takes what is due in batches; a replica takes what it has room for.
    limit: () => (shared ? options.concurrency - runner.held : LOCAL_BATCH),
    intervalMs: options.pollIntervalMs,
    log,
  });
  return {
    work,
    runner,
    poller,
    lease,
    shared,
    accept: async ({ item, dedupe, payload }, owner, socket) => {
      if (!shared) {
        // Its turn is queued before the store answers, so that when it comes at once its start is
        // counted right behind the acceptance, in the same store write (it runs only if accepted).
        const accepted = store.accept(item, dedupe, owner);
        runner.take({ conversation: item.conversation, fence: 0, head: item }, { accepted, payload });
        return accepted;
      }
      const sentAt = performance.now();
      const answer = await work.accept(item, dedupe, owner, socket);
      if (answer === "refused") {
        log.info("socket event left to the replica holding the socket now (this one no longer does)", {
          conversation: item.conversation,
        });
        return "duplicate";
      }
      if (answer === "duplicate") return "duplicate";
      if (answer !== "queued") {
        // Its start was counted in the acceptance (SharedWork.accept).
        const fresh =
          answer.head.id === item.id
            ? { accepted: Promise.resolve("accepted" as const), payload, counted: true }
            : undefined;
        runner.take(answer, fresh, sentAt);
      }
      return "accepted";
    },
  };
}

/** How many due items one poll takes on a store for one process. */
const LOCAL_BATCH = 100;
