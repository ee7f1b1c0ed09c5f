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

/**
 * The decision for one rule. A failed condition's sentence is only written when `reason` is read
 * (most rules do not match most events, and nobody reads most of those sentences), so copy a
 * record through JSON (`toJSON` writes every reason), not with `structuredClone`.
 */
export class RuleDecision {
  outcome: RuleOutcome = "ran";
  readonly steps: StepDecision[] = [];
  private written: string | undefined = undefined;
  private failure: ConditionFailure | undefined = undefined;

  constructor(readonly rule: string) {}

  /** For `condition-failed`, `own-event`, `guarded`, `delayed` and `failed`: a sentence saying why. */
  get reason(): string | undefined {
    if (this.written === undefined && this.failure !== undefined) this.written = formatConditionFailure(this.failure);
    return this.written;
  }

  set reason(reason: string | undefined) {
    this.written = reason;
  }

  /** Marks the rule as stopped by a condition. */
  failCondition(failure: ConditionFailure): void {
    this.outcome = "condition-failed";
    this.failure = failure;
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
  /** True when the step was done before (the work resumed after a restart): not run again. */
  replayed?: true;
}
