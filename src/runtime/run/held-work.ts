import type { StepRecord } from "../../core/ports/store.js";

/** A hold on a conversation (see `SharedWork`), as the steps of its work see it. */
export interface HeldWork {
  /** Records a step, refused (`LEASE_LOST`) when the hold is not current any more. */
  setStep(workId: string, stepKey: string, record: StepRecord): Promise<void>;
  /** Throws `LEASE_LOST` once the hold is known to be lost (a renewal said so). */
  check(): void;
  /**
   * Whether the store confirmed the hold (granted it, renewed it, or moved it on to the next item,
   * each extending its lease) so recently, by this process's monotonic clock, that no other replica can hold the
   * conversation yet: less than a tenth of the lease ago, where a takeover needs the whole lease to
   * run out. A step's `started` record need not be waited for then.
   */
  confirmed(): boolean;
}
