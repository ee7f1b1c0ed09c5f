import type { StepRecord } from "../../core/ports/store.js";

/** A hold on a conversation (see `SharedWork`), as the steps of its work see it. */
export interface HeldWork {
  /** Records a step, refused (`LEASE_LOST`) when the hold is not current any more. */
  setStep(workId: string, stepKey: string, record: StepRecord): Promise<void>;
  /** Throws `LEASE_LOST` once the hold is known to be lost (a renewal said so). */
  check(): void;
}
