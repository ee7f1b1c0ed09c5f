import { createHash, randomUUID } from "node:crypto";
import type { CrispEvent } from "../engine/crisp-event.js";
import type { RuleContinuation } from "../engine/step-ledger.js";
import type { DedupeClaim, WorkItem } from "../store/store.js";

/** What a work item's payload holds: the event, when it was accepted, and what part to run. */
export interface WorkPayload {
  readonly event: CrispEvent;
  /** When the event was accepted (ms): a resumed event is judged at that time, as it was first. */
  readonly acceptedAt: number;
  /** Only the rest of one rule (after a delay, or a replayed dead letter). */
  readonly resume?: RuleContinuation;
  /** The first step of `resume` may have run before (a replayed dead letter). */
  readonly firstStepMayHaveRun?: boolean;
}

/**
 * How long a copy of an event counts as a duplicate. Events with a Crisp fingerprint (messages)
 * are unique, so an hour (the Web Hooks replay window) is safe. Others are identified by their
 * content, and two real events can look the same (a conversation resolved twice), so only copies
 * close together are merged: a socket reconnecting, or a quick hook retry.
 */
export const DEDUPE_WINDOW_MS = { fingerprint: 60 * 60_000, content: 2 * 60_000 } as const;

/** The conversation an event belongs to: the key for ordering, cancelling delays and guards. */
export function conversationOf(event: Pick<CrispEvent, "website_id" | "session_id">): string {
  return `${event.website_id}/${event.session_id ?? ""}`;
}

/** The work item for an accepted event, and the claim that makes later copies duplicates. */
export function eventWork(event: CrispEvent, now: number): { item: WorkItem; dedupe: DedupeClaim } {
  const fingerprint = event.data.fingerprint;
  const base = `${event.name}|${conversationOf(event)}`;
  const byFingerprint = typeof fingerprint === "number" || (typeof fingerprint === "string" && fingerprint !== "");
  const key = byFingerprint
    ? `${base}|fingerprint:${String(fingerprint)}`
    : `${base}|sha256:${createHash("sha256").update(JSON.stringify(event.data)).digest("base64url")}`;
  const window = byFingerprint ? DEDUPE_WINDOW_MS.fingerprint : DEDUPE_WINDOW_MS.content;
  const payload: WorkPayload = { event, acceptedAt: now };
  return {
    item: { id: randomUUID(), conversation: conversationOf(event), dueAt: now, cancelOn: [], payload: JSON.stringify(payload) },
    dedupe: { key: `dedupe:${key}`, until: now + window },
  };
}

/** Reads a work item's payload; throws on a payload this version cannot read. */
export function readPayload(item: WorkItem): WorkPayload {
  const payload = JSON.parse(item.payload) as Partial<WorkPayload>;
  if (typeof payload.event?.name !== "string" || typeof payload.acceptedAt !== "number") {
    throw new Error(`work item ${item.id}: unreadable payload`);
  }
  return payload as WorkPayload;
}
