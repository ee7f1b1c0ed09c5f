import type { DecisionRecord } from "../../core/engine/decision-record.js";

/** A step that ran (was recorded) for a test event: its rule, action and rendered parameters. */
export interface RecordedStep {
  readonly rule: string;
  readonly action: string;
  readonly params: unknown;
}

/**
 * The steps that ran for an event, in the order they ran: rules in file order, steps in rule
 * order. Skipped and failed steps are left out: a test expects what a website would see done.
 */
export function recordedSteps(record: DecisionRecord): RecordedStep[] {
  return record.rules.flatMap((rule) =>
    rule.steps
      .filter((step) => step.outcome === "recorded")
      .map((step) => ({ rule: rule.rule, action: step.action, params: step.params })),
  );
}
