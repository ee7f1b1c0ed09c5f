import { formatDecision } from "../../core/engine/format-decision.js";
import type { StepExpectation, StepRow } from "./diff-steps.js";
import type { RecordedStep } from "./recorded-steps.js";
import type { TestFailure, TestResult } from "./run-test.js";

/** Width of the `- expected: ` / `+ actual:   ` prefixes, so both sides of a row line up. */
const PREFIX = 12;

/**
 * The results of a manifest's tests as people read them: `✓ name` per passing test; for a failing
 * one, `✗ name`, then the event that failed, its expected and actual steps row by row, and every
 * rule's decision for that event (so the author sees why a rule did not run); last, the count.
 */
export function formatTestResults(results: readonly TestResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(`  ${result.ok ? "✓" : "✗"} ${result.name}`);
    for (const step of result.unmocked ?? [])
      lines.push(`    ${step} is not mocked: its result is empty (add it under mocks:)`);
    if (!result.ok) lines.push(...describeFailure(result.failure).map((line) => `    ${line}`));
  }
  const failed = results.filter((result) => !result.ok).length;
  lines.push(`  ${results.length - failed} passed, ${failed} failed`);
  return `${lines.join("\n")}\n`;
}

function describeFailure(failure: TestFailure): string[] {
  if (failure.kind === "setup") return [failure.reason];
  const { event } = failure;
  const after = event.after === "0s" ? "" : `, after ${event.after}`;
  const decision = formatDecision(failure.record).trimEnd().split("\n");
  return [
    `event ${failure.index + 1} (${event.event}${after}) at ${new Date(failure.time).toISOString()}`,
    ...failure.rows.flatMap(describeRow),
    "why:",
    ...decision.map((line) => `  ${line}`),
  ];
}

function describeRow(row: StepRow): string[] {
  if (row.mismatch === undefined) return [`  matched:  ${describeActual(row.actual)}`];
  const lines = [`- expected: ${describeExpected(row.expected)}`, `+ actual:   ${describeActual(row.actual)}`];
  // A step too few or too many speaks for itself; a changed step says what changed.
  if (row.expected !== undefined && row.actual !== undefined) lines.push(`${" ".repeat(PREFIX)}${row.mismatch}`);
  return lines;
}

function describeExpected(step: StepExpectation | undefined): string {
  if (step === undefined) return "(nothing)";
  const params = step.with === undefined ? "" : ` ${JSON.stringify(step.with)}`;
  return `${step.action}${params}${step.rule === undefined ? "" : ` (rule ${step.rule})`}`;
}

function describeActual(step: RecordedStep | undefined): string {
  if (step === undefined) return "(nothing)";
  const params = step.params === undefined ? "" : ` ${JSON.stringify(step.params)}`;
  return `${step.action}${params} (rule ${step.rule})`;
}
