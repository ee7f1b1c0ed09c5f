import type { StepRecord } from "../ports/store.js";

/**
 * What makes one piece of work durable, for the engine: the steps already done (so a resumed event
 * does not do them again), rule guards, deferring the rest of a rule (`delay`), and dead letters.
 * The runtime backs it with the {@link Store}; `crisp-plugin test` backs only the guards, in memory.
 */
export interface StepLedger {
  /** Identifies the work across restarts; step keys and message fingerprints derive from it. */
  readonly workId: string;
  /** Steps recorded before, by `ruleId#stepIndex`. */
  readonly steps: ReadonlyMap<string, StepRecord>;
  /** True when the first step of a resumed rule may have run before (a replayed dead letter). */
  readonly firstStepMayHaveRun?: boolean;
  /**
   * True when this work was started before and did not finish (the process died running it): any
   * step without a `done` record may have run, recorded as started or not.
   */
  readonly startedBefore?: boolean;
  /**
   * Records a step as started or done. A ledger may resolve before the record is kept, provided it
   * keeps the records in order with everything else the work writes (the runtime's does): a step's
   * record whose write was lost with the process is then covered by {@link startedBefore}.
   */
  record(stepKey: string, record: StepRecord): Promise<void>;
  /** Takes a rule guard until `until` (`null`: for ever); false when other work holds it. */
  claimGuard(key: string, until: number | null): Promise<boolean>;
  /** Keeps the rest of a rule to run at `dueAt`, unless an event in `cancelOn` comes first. */
  defer(rest: RuleContinuation, dueAt: number, cancelOn: readonly string[]): Promise<void>;
  /** Keeps a step that failed for good, to be inspected and replayed. */
  deadLetter(failure: StepFailure): Promise<void>;
  /**
   * Throws `LEASE_LOST` when this work may no longer run here (another replica holds its
   * conversation now): called before each step, and before a failed step becomes a dead letter.
   */
  check?(): void;
}

/** The rest of a rule: from which step, with the results of the steps before it. */
export interface RuleContinuation {
  readonly ruleId: string;
  readonly fromStep: number;
  readonly steps: Readonly<Record<string, unknown>>;
}

/** A step that failed, with what a dead letter keeps. */
export interface StepFailure extends RuleContinuation {
  readonly action: string;
  readonly code: string;
  readonly reason: string;
  readonly attempts: number;
  readonly params?: unknown;
}

/** The key of a step in the ledger. */
export function stepKeyOf(ruleId: string, stepIndex: number): string {
  return `${ruleId}#${stepIndex}`;
}
