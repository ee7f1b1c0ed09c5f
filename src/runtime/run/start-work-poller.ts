import type { Logger } from "../../core/logging/logger.js";
import type { ConversationClaim, SharedWork } from "../../core/ports/shared-work.js";
import type { Lease } from "../../core/ports/store.js";
import type { ConversationRunner } from "./create-conversation-runner.js";

/** Takes stored work that is due (delays that ended, replayed dead letters, work of a dead replica). */
export interface WorkPoller {
  /** Takes what is due now and queues it; resolves with how many claims were taken. */
  poll(): Promise<number>;
  /** Takes the work this process owned before a restart and queues it. */
  resume(): Promise<number>;
  stop(): void;
}

/**
 * Polls the store every `intervalMs` (delays are precise to about that) and hands what it takes to
 * the runner, which queues it behind the other work of its conversation; a claim queued already is
 * not queued twice. `limit` says how many claims one poll may take: on a shared store, what this
 * replica has room for, so that the rest of the fleet takes the others.
 */
export function startWorkPoller(options: {
  work: SharedWork;
  runner: ConversationRunner;
  lease: () => Lease;
  limit: () => number;
  intervalMs: number;
  log: Logger;
}): WorkPoller {
  const { work, runner, log } = options;
  const take = (claims: readonly ConversationClaim[]): number => claims.filter((claim) => runner.take(claim)).length;
  let polling: Promise<number> | undefined;
  const poll = (): Promise<number> => {
    // One poll at a time: a slow store must not pile polls up.
    polling ??= work
      .claim(options.lease(), Math.max(0, options.limit()))
      .then(take)
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
    resume: async () => take(await work.claimOwned(options.lease())),
    stop: () => {
      clearInterval(timer);
    },
  };
}
