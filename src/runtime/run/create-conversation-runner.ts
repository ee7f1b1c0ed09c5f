import { setTimeout as delay } from "node:timers/promises";
import type { EventQueue } from "../../core/engine/create-event-queue.js";
import { KitError } from "../../core/errors/kit-error.js";
import type { Logger } from "../../core/logging/logger.js";
import type { ConversationClaim, Hold, SharedWork } from "../../core/ports/shared-work.js";
import type { Lease, WorkItem } from "../../core/ports/store.js";
import type { HeldWork } from "./held-work.js";
import type { FreshWork, RunOptions, WorkOutcome } from "./run-work-item.js";

/** Runs the conversations this replica holds, and keeps their leases alive. */
export interface ConversationRunner {
  /**
   * Queues the claim's work here (`fresh`: its head is an event being accepted now); false when
   * queued already. `confirmedAt`: when (monotonic clock) the request that got the claim was sent.
   */
  take(claim: ConversationClaim, fresh?: FreshWork, confirmedAt?: number): boolean;
  /** Holds kept now: conversations (or, on a store for one process, items) whose work runs here. */
  readonly held: number;
  /** Renews every hold's lease now; resolves with how many turned out lost. */
  renew(): Promise<number>;
  /**
   * From now on, a conversation whose item is done is let go instead of running its next item: what
   * a replica shutting down does, so that the fleet goes on with it.
   */
  drain(): void;
  /** Gives every hold up at once, so that other replicas take the work without waiting (shutting down). */
  releaseAll(): Promise<number>;
  /** Stops renewing. */
  stop(): void;
}

/** What the runner reports, for /metrics. */
export interface RunnerEvents {
  onRenewed?(renewed: number, lost: number): void;
}

interface HoldState extends Hold {
  lost: boolean;
  /** When (monotonic clock) the latest request that extended this hold's lease was sent. */
  confirmedAt: number;
}

/** Attempts at moving on from a finished item while the store does not answer, and the first wait. */
const FINISH_ATTEMPTS = 6;
const FINISH_BASE_MS = 250;

/**
 * Runs each claim's items one after the other on the event queue (keyed by conversation, so a
 * conversation never runs twice at once here either), asking the store for the next item each time
 * one is done: the store hands over what other replicas accepted for the conversation meanwhile,
 * in the order it received it. Each turn is queued again rather than run in a loop, so a busy
 * conversation leaves its place to the others between items.
 *
 * Every `renewEveryMs` the leases of all holds are renewed in one call; a hold the store says is
 * lost (its lease expired and another replica took it) is stopped before its next step.
 */
export function createConversationRunner(options: {
  readonly work: SharedWork;
  readonly queue: EventQueue;
  readonly lease: () => Lease;
  readonly run: (item: WorkItem, options: RunOptions) => Promise<WorkOutcome>;
  readonly log: Logger;
  /**
   * How often leases are renewed, on a store replicas share: steps are then recorded under the
   * hold's fencing token. Left out for a store of one process: nothing to renew, nothing to fence.
   */
  readonly renewEveryMs?: number;
  /** How long a hold the store confirmed is known to be this replica's (see {@link HeldWork.confirmed}). */
  readonly confirmedForMs?: number;
  readonly events?: RunnerEvents;
}): ConversationRunner {
  const { work, queue, log } = options;
  const monotonic = (): number => performance.now();
  const confirmedForMs = options.confirmedForMs ?? 0;
  const confirm = (hold: HoldState, sentAt: number): void => {
    hold.confirmedAt = Math.max(hold.confirmedAt, sentAt);
  };
  const holds = new Set<HoldState>();
  const queued = new Set<string>();
  let draining = false;

  const fenced = options.renewEveryMs !== undefined;
  const heldWork = (hold: HoldState): HeldWork => ({
    // A record taken under the token does not extend the lease: it confirms nothing for later.
    setStep: (workId, stepKey, record) =>
      work.setStep(hold, workId, stepKey, record).catch((error: unknown) => {
        // Found out by a record not waited for: the next step stops.
        if (error instanceof KitError && error.code === "LEASE_LOST") hold.lost = true;
        throw error;
      }),
    confirmed: () => !hold.lost && monotonic() - hold.confirmedAt < confirmedForMs,
    check: () => {
      if (hold.lost) {
        throw new KitError("LEASE_LOST", `conversation ${hold.conversation} was taken over by another replica`, {
          context: { conversation: hold.conversation, fence: hold.fence },
        });
      }
    },
  });

  const turn = async (claim: ConversationClaim, hold: HoldState, fresh: FreshWork | undefined): Promise<void> => {
    const key = claimKey(claim);
    try {
      if (hold.lost) {
        end(hold);
        return;
      }
      const outcome = await options.run(claim.head, { fresh, ...(fenced ? { held: heldWork(hold) } : {}) });
      if (outcome === "lost") {
        hold.lost = true;
        end(hold);
        return;
      }
      if (outcome === "unfinished") {
        end(hold);
        await work.release(options.lease(), [hold]).catch(() => undefined); // else its lease expires
        return;
      }
      const sentAt = monotonic();
      const next = await finish(claim, outcome === "done");
      if (next !== "lost" && next !== "released" && !draining) {
        // Answered under the hold's token: the store confirmed it (a retried finish only later).
        confirm(hold, sentAt);
        schedule(next, hold, undefined);
        return;
      }
      end(hold);
      if (next === "lost" || next === "released") return;
      await work.release(options.lease(), [hold]).catch(() => undefined);
    } finally {
      queued.delete(key);
    }
  };

  const finish = async (
    claim: ConversationClaim,
    forget: boolean,
  ): Promise<ConversationClaim | "released" | "lost"> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work.finish(claim, options.lease(), forget);
      } catch (error) {
        if (attempt >= FINISH_ATTEMPTS) {
          log.error(
            `work ${claim.head.id} done, but the store did not take note: its conversation is taken again once its lease expires`,
            { conversation: claim.conversation, error: error instanceof Error ? error.message : String(error) },
          );
          return "lost";
        }
        await delay(Math.floor(Math.random() * FINISH_BASE_MS * 2 ** (attempt - 1)));
      }
    }
  };

  const end = (hold: HoldState): void => {
    holds.delete(hold);
  };

  const schedule = (claim: ConversationClaim, hold: HoldState, fresh: FreshWork | undefined): void => {
    queued.add(claimKey(claim));
    void queue.push(claim.conversation, () => turn(claim, hold, fresh));
  };

  const renew = async (): Promise<number> => {
    const current = [...holds];
    if (current.length === 0) return 0;
    const sentAt = monotonic();
    const lost = await work.renew(options.lease(), current);
    const gone = new Set(lost.map(holdKey));
    for (const hold of current) {
      if (!gone.has(holdKey(hold))) {
        confirm(hold, sentAt);
        continue;
      }
      hold.lost = true;
      holds.delete(hold);
      log.warn(`lease of conversation ${hold.conversation} lost: another replica took it over`, {
        fence: hold.fence,
      });
    }
    options.events?.onRenewed?.(current.length - gone.size, gone.size);
    return gone.size;
  };

  const timer =
    options.renewEveryMs === undefined
      ? undefined
      : setInterval(() => {
          renew().catch((error: unknown) => {
            log.warn(`store: could not renew leases: ${error instanceof Error ? error.message : String(error)}`);
          });
        }, options.renewEveryMs);
  timer?.unref();

  return {
    take(claim, fresh, confirmedAt = Number.NEGATIVE_INFINITY) {
      if (queued.has(claimKey(claim))) return false;
      const hold: HoldState = { conversation: claim.conversation, fence: claim.fence, lost: false, confirmedAt };
      holds.add(hold);
      schedule(claim, hold, fresh);
      return true;
    },
    get held() {
      return holds.size;
    },
    renew,
    drain() {
      draining = true;
    },
    async releaseAll() {
      const current = [...holds];
      for (const hold of current) {
        hold.lost = true;
        holds.delete(hold);
      }
      await work.release(options.lease(), current);
      return current.length;
    },
    stop() {
      clearInterval(timer);
    },
  };
}

/** What identifies a queued claim: its head under its fence (the same item under a new hold is new work). */
function claimKey(claim: ConversationClaim): string {
  return `${claim.head.id}\u0000${claim.fence}`;
}

function holdKey(hold: Hold): string {
  return `${hold.conversation}\u0000${hold.fence}`;
}
