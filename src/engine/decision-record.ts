/**
 * What happened to one event: for every rule looked at, whether it ran and why (not), and for
 * every step, its rendered parameters and outcome. `simulate` prints it; the runtime logs it.
 */
export interface DecisionRecord {
  readonly event: { readonly name: string; readonly website_id: string; readonly session_id?: string };
  readonly rules: RuleDecision[];
}

/** Why a rule did or did not run. */
export type RuleOutcome =
  "ran" | "not-listening" | "disabled" | "own-event" | "condition-failed" | "stopped-earlier" | "failed";

/** The decision for one rule. */
export interface RuleDecision {
  readonly rule: string;
  outcome: RuleOutcome;
  /** For `condition-failed`, `own-event` and `failed`: a sentence saying why. */
  reason?: string;
  readonly steps: StepDecision[];
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
}
