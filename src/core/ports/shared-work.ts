import type { SocketLeases, SocketMark } from "./socket-leases.js";
import type { DedupeClaim, Lease, StepRecord, Store, WorkItem } from "./store.js";

/**
 * A conversation's work held by one replica: the replica runs its items one at a time, the earliest
 * first, and no other replica runs any of them until the hold is finished, released, or lost.
 */
export interface ConversationClaim {
  /** `website_id/session_id`, as in {@link WorkItem.conversation}. */
  readonly conversation: string;
  /**
   * The fencing token of this hold: every grant of a conversation gets a larger one, and the store
   * refuses a write made under an older one, so a replica that lost its hold (paused, cut off from
   * the store, its lease expired and taken over) cannot do a step twice.
   */
  readonly fence: number;
  /** The item to run now: the earliest of the conversation that is not finished. */
  readonly head: WorkItem;
}

/**
 * What became of an accepted event: a copy, queued behind its conversation's holder, handed to the
 * caller, or refused (a socket event from a replica that no longer holds the socket).
 */
export type SharedAcceptance = "duplicate" | "queued" | "refused" | ConversationClaim;

/** Why a hold ended on {@link SharedWork.finish}: nothing left to run, or another replica has it now. */
export type HoldEnd = "released" | "lost";

/**
 * How replicas share work through one store (Redis): by conversation rather than by item. Every
 * accepted event joins its conversation's queue in the order the store received it; a conversation
 * is held by one replica at a time under a lease that replica renews while it works, so events of
 * one conversation run one after the other, in order, wherever they were accepted, and different
 * conversations run in parallel on the whole fleet. A replica that dies stops renewing: its
 * conversations are taken over once their leases expire (the lease is short: 30 s by default).
 *
 * Times are the caller's (`owner.now`), as in the {@link Store}. A store for one process does not
 * provide this: the runtime then orders each conversation in memory.
 */
export interface SharedWork {
  /**
   * Like {@link Store.accept}, queued at the end of its conversation. When no replica holds the
   * conversation (or its lease expired), the caller now holds it and gets the claim, whose head may
   * be an earlier item left by a replica that died; otherwise the holder runs it after the others
   * (`"queued"`). When the claim's head is the item accepted, its start is counted in the same
   * write (see {@link Store.countStart}): the caller runs it without counting it again. A socket event carries its `socket` mark: it is `"refused"`, and nothing is
   * written, unless the mark's hold is the current socket holder's; accepted, its identity is logged
   * for the stand-by (see {@link SocketLeases}).
   */
  accept(item: WorkItem, dedupe: DedupeClaim, owner: Lease, socket?: SocketMark): Promise<SharedAcceptance>;

  /**
   * Takes up to `limit` conversations with work and no live holder: a delay that ended, work queued
   * behind a holder that released it, or the conversations of a replica whose lease expired. Moving
   * due delays into their conversations' queues is done whatever the limit (0 included).
   */
  claim(owner: Lease, limit: number): Promise<ConversationClaim[]>;

  /** The conversations `owner.id` held, under new fencing tokens: what a restarted replica resumes at once. */
  claimOwned(owner: Lease): Promise<ConversationClaim[]>;

  /**
   * Moves on from the claim's head: with `forget`, the head is done and is forgotten with its step
   * records (like {@link Store.complete}); without, it is gone already (cancelled, or quarantined
   * with its step records kept) and nothing of it is touched. Answers the next item of the
   * conversation under the same fence with the lease renewed, or `"released"` when there is none left
   * (the conversation is free again). `"lost"` when the hold is no longer the caller's: nothing is
   * changed then.
   */
  finish(claim: ConversationClaim, owner: Lease, forget: boolean): Promise<ConversationClaim | HoldEnd>;

  /**
   * Extends the leases of the caller's holds to `owner.now + owner.leaseMs`; answers the ones that
   * are not its own any more (taken over after they expired), which the caller must stop running.
   */
  renew(owner: Lease, holds: readonly Hold[]): Promise<Hold[]>;

  /**
   * Gives holds up at once (shutting down, or work that could not finish): their conversations can be
   * taken by any replica straight away instead of when their leases expire. Holds no longer the
   * caller's are left alone.
   */
  release(owner: Lease, holds: readonly Hold[]): Promise<void>;

  /**
   * {@link Store.setStep} under a hold: rejects with `LEASE_LOST`, writing nothing, when the hold's
   * fencing token is not the conversation's current one. The runtime records a step as started this
   * way before an action that is not safe to repeat, so a replica that lost its hold stops there.
   */
  setStep(hold: Hold, workId: string, stepKey: string, record: StepRecord): Promise<void>;
}

/** A hold on a conversation, as renewed and released: its conversation and fencing token. */
export interface Hold {
  readonly conversation: string;
  readonly fence: number;
}

/**
 * A store several replicas share (Redis): work held by conversation under renewed, fenced leases
 * (`shared`), which the runtime then uses instead of `accept`, `claimDue` and `claimOwned`.
 */
export interface SharingStore extends Store {
  readonly shared: SharedWork;
  /** The fleet's one RTM socket: who holds it, and who stands by. */
  readonly sockets: SocketLeases;
}

/** Whether replicas can share this store's work (see {@link SharingStore}). */
export function isSharing(store: Store): store is SharingStore {
  return "shared" in store && typeof store.shared === "object" && store.shared !== null;
}
