import { createHash, randomUUID } from "node:crypto";
import type { CrispEvent } from "../../core/engine/crisp-event.js";
import type { RuleContinuation } from "../../core/engine/step-ledger.js";
import type { DedupeClaim, WorkItem } from "../../core/ports/store.js";

/** What a work item's payload holds: the event, when it was accepted, and what part to run. */
export interface WorkPayload {
  readonly event: CrispEvent;
  /** When the event was accepted (ms): a resumed event is judged at that time, as it was first. */
  readonly acceptedAt: number;
  /** Only the rest of one rule (after a delay, or a replayed dead letter). */
  readonly resume?: RuleContinuation;
  /** The first step of `resume` may have run before (a replayed dead letter). */
  readonly firstStepMayHaveRun?: boolean;
  /**
   * For the rest of a rule: the id of the work the event was accepted as. Steps are known by it (a
   * message's fingerprint derives from it), so a replayed step that may have reached Crisp is
   * looked for under the fingerprint it was sent with.
   */
  readonly origin?: string;
}

/**
 * How long a copy of an event counts as a duplicate: an hour, the Web Hooks replay window (Crisp's
 * retry schedule is not documented).
 */
export const DEDUPE_WINDOW_MS = 60 * 60_000;

/** How an event came in: what identifies a copy of it depends on it. */
export type Delivery = "socket" | "hook";

/** The conversation an event belongs to: the key for ordering, cancelling delays and guards. */
export function conversationOf(event: Pick<CrispEvent, "website_id" | "session_id">): string {
  return `${event.website_id}/${event.session_id ?? ""}`;
}

/** An event's work item, the claim that makes later copies duplicates, and its payload as an object. */
export interface EventWork {
  readonly item: WorkItem;
  readonly dedupe: DedupeClaim;
  readonly payload: WorkPayload;
}

/**
 * The work item for an accepted event (with its payload as an object, so that running it at once
 * needs no parse), and the claim that makes later copies duplicates. A copy is
 * what has the same event name and Crisp fingerprint (a message sent or received), or, for a Web
 * Hook, the same signed body and timestamp (a retry by Crisp). `message:updated` carries the
 * fingerprint of the message it changes, so two edits of one message (a picker answered twice)
 * share it: only their content tells them apart, and over the socket a real repeat (answered A, B,
 * then A again) looks like a copy, so they are never merged there, like other socket events that
 * carry nothing telling a copy from a real repeat (a conversation resolved, reopened and resolved
 * again looks the same twice); a socket switching during a reload de-duplicates its own overlap.
 */
export function eventWork(event: CrispEvent, now: number, delivery: Delivery = "socket"): EventWork {
  const payload: WorkPayload = { event, acceptedAt: now };
  const id = deliveryIdOf(event);
  const item = { id, conversation: conversationOf(event), dueAt: now, cancelOn: [], payload: JSON.stringify(payload) };
  const identity = identityOf(event, delivery);
  return identity === undefined
    ? { item, payload, dedupe: { key: `dedupe:delivery:${id}`, until: now + RETRY_WINDOW_MS } }
    : {
        item,
        payload,
        dedupe: { key: `dedupe:${event.name}|${item.conversation}|${identity}`, until: now + DEDUPE_WINDOW_MS },
      };
}

/**
 * How long the same delivery of an event without identity is recognised: far longer than accepting
 * it is ever retried for.
 */
const RETRY_WINDOW_MS = 10 * 60_000;

/** One id per event as delivered (the object an intake handed over). */
const deliveryIds = new WeakMap<CrispEvent, string>();

/**
 * The work item's id: the same for every attempt at accepting one delivery. A socket event without
 * a fingerprint has nothing else that tells it apart, and an attempt whose answer was lost (Redis
 * restarting after the write) must not store it a second time when it is tried again.
 */
function deliveryIdOf(event: CrispEvent): string {
  let id = deliveryIds.get(event);
  if (id === undefined) {
    id = randomUUID();
    deliveryIds.set(event, id);
  }
  return id;
}

/** Events whose fingerprint names the message they change, not themselves. */
const CHANGES_A_MESSAGE = new Set(["message:updated"]);

function identityOf(event: CrispEvent, delivery: Delivery): string | undefined {
  const { fingerprint } = event.data;
  const named = typeof fingerprint === "number" || (typeof fingerprint === "string" && fingerprint !== "");
  if (named && !CHANGES_A_MESSAGE.has(event.name)) return `fingerprint:${String(fingerprint)}`;
  if (delivery !== "hook") return undefined;
  const body = JSON.stringify([event.timestamp, event.data]);
  return `sha256:${createHash("sha256").update(body).digest("base64url")}`;
}

/** Reads a work item's payload; throws on a payload this version cannot read. */
export function readPayload(item: WorkItem): WorkPayload {
  const payload = JSON.parse(item.payload) as Partial<WorkPayload>;
  if (typeof payload.event?.name !== "string" || typeof payload.acceptedAt !== "number") {
    throw new Error(`work item ${item.id}: unreadable payload`);
  }
  return payload as WorkPayload;
}
