import type { DeadLetter, Lease, WorkItem } from "../../src/core/ports/store.js";

/** A clock far from the real one, so no backend can pass by reading real time. */
export const T0 = Date.UTC(2030, 0, 1);

export const LEASE_MS = 30_000;

/** A work item of conversation `website-1/session-1`, due at `T0`, unless told otherwise. */
export function workItem(id: string, fields: Partial<WorkItem> = {}): WorkItem {
  return {
    id,
    conversation: "website-1/session-1",
    dueAt: T0,
    cancelOn: [],
    payload: JSON.stringify({ event: "message:send", id }),
    ...fields,
  };
}

/** A lease for `owner` taken at `now`. */
export function lease(owner: string, now: number, leaseMs = LEASE_MS): Lease {
  return { id: owner, now, leaseMs };
}

/** A dead letter that failed at `at`, with a replay item. */
export function deadLetter(id: string, at: number, fields: Partial<DeadLetter> = {}): DeadLetter {
  return {
    id,
    at,
    websiteId: "website-1",
    sessionId: "session-1",
    event: "message:send",
    ruleId: "greet",
    stepIndex: 1,
    action: "send_message",
    code: "CRISP_REQUEST_FAILED",
    reason: "Crisp answered 500",
    attempts: 5,
    params: { text: "Hello", nested: { list: [1, "two", null] } },
    replay: workItem(`replay-${id}`, { dueAt: at }),
    ...fields,
  };
}

/** The ids of work items, in the order given. */
export function ids(items: readonly WorkItem[]): string[] {
  return items.map((item) => item.id);
}
