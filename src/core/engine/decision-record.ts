import { formatConditionFailure, type ConditionFailure } from "../rules/condition-failure.js";

/**
 * What happened to one event: for every rule looked at, whether it ran and why (not), and for
 * every step, its rendered parameters and outcome. `simulate` prints it; the runtime logs it.
 */
export interface DecisionRecord {
  readonly event: {
    readonly name: string;
    readonly website_id: string;
    readonly session_id?: string;
    readonly timestamp: number;
  };
  readonly rules: RuleDecision[];
}

/** Why a rule did or did not run. */
export type RuleOutcome =
  | "ran"
  | "not-listening"
  | "disabled"
  | "own-event"
  | "condition-failed"
  | "guarded"
  | "stopped-earlier"
  | "failed"
  | "delayed";

// Shared by every decision of a rule that did not run; frozen, so that a push fails loudly.
const NO_STEPS = Object.freeze([]) as unknown as StepDecision[];

/**
 * The decision for one rule. A failed condition's sentence is only written when `reason` is read
 * (most rules do not match most events, and nobody reads most of those sentences), so copy a
 * record through JSON (`toJSON` writes every reason), not with `structuredClone`.
 */
export class RuleDecision {
  outcome: RuleOutcome;
  /** The steps that ran, in order. A rule that did not run shares one frozen empty list. */
  readonly steps: StepDecision[];
  // The sentence, or the failed condition it is written from when read.
  private why: string | ConditionFailure | undefined;

  /**
   * A rule about to run (`ran` until its steps say otherwise), or, with another outcome, one that
   * does not run for this event: most rules of an event are recorded that way, without a list of
   * steps of their own.
   */
  constructor(
    readonly rule: string,
    outcome: RuleOutcome = "ran",
    why?: string | ConditionFailure,
  ) {
    this.outcome = outcome;
    this.steps = outcome === "ran" ? [] : NO_STEPS;
    this.why = why;
  }

  /** For `condition-failed`, `own-event`, `guarded`, `delayed` and `failed`: a sentence saying why. */
  get reason(): string | undefined {
    const { why } = this;
    if (why === undefined || typeof why === "string") return why;
    const written = formatConditionFailure(why);
    this.why = written;
    return written;
  }

  set reason(reason: string | undefined) {
    this.why = reason;
  }

  toJSON(): { rule: string; outcome: RuleOutcome; reason?: string; steps: StepDecision[] } {
    const { reason } = this;
    return { rule: this.rule, outcome: this.outcome, ...(reason === undefined ? {} : { reason }), steps: this.steps };
  }
}

/** Outcome of one step. */
export type StepOutcome = "done" | "recorded" | "skipped" | "failed";

/** The decision for one step. */
export interface StepDecision {
  readonly index: number;
  readonly action: string;
  readonly id?: string;
  outcome: StepOutcome;
  /** The rendered parameters (absent when the step was skipped before rendering). */
  params?: unknown;
  result?: unknown;
  /** For `skipped` and `failed`. */
  reason?: string;
  /** For `failed`: the error code. */
  code?: string;
  /** For `failed`: how many times it was tried (retries included). */
  attempts?: number;
  /** For `failed`: how long Crisp asked to wait before trying again, when longer than the retries wait. */
  retryAfterMs?: number;
  /** True when the step was done before (the work resumed after a restart): not run again. */
  replayed?: true;
}
