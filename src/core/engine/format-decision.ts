import type { DecisionRecord, RuleDecision, StepDecision } from "./decision-record.js";

const MARK: Record<RuleDecision["outcome"], string> = {
  ran: "✓",
  "not-listening": "·",
  disabled: "·",
  "own-event": "✗",
  "condition-failed": "✗",
  guarded: "✗",
  delayed: "…",
  "stopped-earlier": "✗",
  failed: "!",
};

/** A decision record as people read it: one line per rule, one per step, reasons included. */
export function formatDecision(record: DecisionRecord): string {
  const { event } = record;
  const session = event.session_id ? `, conversation ${event.session_id}` : "";
  const lines = [`${event.name} on website ${event.website_id}${session}`];
  if (record.rules.length === 0) lines.push("  no rule listens to this event");
  for (const rule of record.rules) {
    lines.push(`  ${MARK[rule.outcome]} ${rule.rule}: ${describeRule(rule, event.name)}`);
    for (const step of rule.steps) lines.push(`      ${describeStep(step)}`);
  }
  return `${lines.join("\n")}\n`;
}

function describeRule(rule: RuleDecision, eventName: string): string {
  switch (rule.outcome) {
    case "ran":
      return rule.steps.length === 0 ? "matched" : "matched, runs:";
    case "not-listening":
      return `does not listen to ${eventName}`;
    case "disabled":
      return "disabled (enabled: false)";
    case "own-event":
      return `skipped: ${rule.reason ?? "own event"}`;
    case "condition-failed":
      return `not matched: ${rule.reason ?? ""}`;
    case "guarded":
      return `skipped: ${rule.reason ?? ""}`;
    case "delayed":
      return `ran, then ${rule.reason ?? "waits"}`;
    case "stopped-earlier":
      return "skipped: an earlier rule ran `stop` with `rules: true`";
    case "failed":
      return `failed: ${rule.reason ?? ""}`;
  }
}

function describeStep(step: StepDecision): string {
  const head = `${step.index + 1}. ${step.action}${step.id ? ` (id ${step.id})` : ""}`;
  switch (step.outcome) {
    case "skipped":
      return `${head} skipped: ${step.reason ?? ""}`;
    case "failed":
      return `${head} failed${step.code ? ` ${step.code}` : ""}: ${step.reason ?? ""}`;
    case "recorded": {
      const result = step.result === undefined ? "" : ` → ${JSON.stringify(step.result)}`;
      return `${head} ${JSON.stringify(step.params)}${result}${step.reason ? ` (${step.reason})` : ""}`;
    }
    case "done":
      return `${head} ${JSON.stringify(step.params)}${step.replayed ? " (done before the restart)" : ""}`;
  }
}
