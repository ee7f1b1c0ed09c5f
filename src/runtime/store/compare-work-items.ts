import type { WorkItem } from "../../core/ports/store.js";

/**
 * The order `claimDue` and `claimOwned` answer in, the same for every backend: earliest `dueAt`
 * first, then by id (the order of a Redis sorted set with equal scores, and of SQL's `ORDER BY`).
 */
export function compareWorkItems(a: WorkItem, b: WorkItem): number {
  if (a.dueAt !== b.dueAt) return a.dueAt - b.dueAt;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}
