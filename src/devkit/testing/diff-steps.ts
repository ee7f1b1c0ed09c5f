import type { TestEventSpec } from "../../core/manifest/manifest.js";
import { findSubsetMismatch } from "./find-subset-mismatch.js";
import type { RecordedStep } from "./recorded-steps.js";

/** One entry of a test event's `expect:`. */
export type StepExpectation = NonNullable<TestEventSpec["expect"]>[number];

/**
 * One position of the comparison: the step expected there, the one that ran there, and why they
 * differ (undefined when they match). A missing side means a step too few or too many.
 */
export interface StepRow {
  readonly expected?: StepExpectation;
  readonly actual?: RecordedStep;
  readonly mismatch?: string;
}

/**
 * Compares expected and actual steps position by position. Position, not a best alignment: the
 * order steps run in is part of what a test checks, and a positional diff is predictable to read.
 */
export function diffSteps(
  expected: readonly StepExpectation[],
  actual: readonly RecordedStep[],
): { readonly ok: boolean; readonly rows: readonly StepRow[] } {
  const rows: StepRow[] = [];
  for (let index = 0; index < Math.max(expected.length, actual.length); index += 1) {
    rows.push(compareStep(expected[index], actual[index]));
  }
  return { ok: rows.every((row) => row.mismatch === undefined), rows };
}

function compareStep(expected: StepExpectation | undefined, actual: RecordedStep | undefined): StepRow {
  if (expected === undefined) return actual === undefined ? {} : { actual, mismatch: "not expected" };
  if (actual === undefined) return { expected, mismatch: "did not run" };
  const mismatch = findStepMismatch(expected, actual);
  return mismatch === undefined ? { expected, actual } : { expected, actual, mismatch };
}

function findStepMismatch(expected: StepExpectation, actual: RecordedStep): string | undefined {
  if (expected.action !== actual.action) return `action: expected ${expected.action}, got ${actual.action}`;
  if (expected.rule !== undefined && expected.rule !== actual.rule) {
    return `rule: expected ${expected.rule}, got ${actual.rule}`;
  }
  return expected.with === undefined ? undefined : findSubsetMismatch(expected.with, actual.params, "with");
}
