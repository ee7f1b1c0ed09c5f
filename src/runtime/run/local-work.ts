import type { ConversationClaim, SharedWork } from "../../core/ports/shared-work.js";
import type { Store, WorkItem } from "../../core/ports/store.js";

/**
 * {@link SharedWork} for a store one process uses (SQLite, memory): every item is its own claim,
 * with fencing token 0, and the process's event queue keeps each conversation in order. Nothing is
 * shared, so nothing is ever lost to another replica: leases need no renewal here.
 */
export function localWork(store: Store): SharedWork {
  return {
    async accept(item, dedupe, owner) {
      return (await store.accept(item, dedupe, owner)) === "duplicate" ? "duplicate" : claimOf(item);
    },
    async claim(owner, limit) {
      return (await store.claimDue(owner, limit)).map(claimOf);
    },
    async claimOwned(owner) {
      return (await store.claimOwned(owner)).map(claimOf);
    },
    async finish(claim, _owner, forget) {
      if (forget) await store.complete(claim.head.id);
      return "released";
    },
    renew: () => Promise.resolve([]),
    release: () => Promise.resolve(),
    setStep: (_hold, workId, stepKey, record) => store.setStep(workId, stepKey, record),
  };
}

function claimOf(item: WorkItem): ConversationClaim {
  return { conversation: item.conversation, fence: 0, head: item };
}
