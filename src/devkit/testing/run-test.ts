import type { RuleSet } from "../../core/engine/compile-rule-set.js";
import type { DecisionRecord } from "../../core/engine/decision-record.js";
import type { TestEventSpec, TestSpec } from "../../core/manifest/manifest.js";
import type { SettingsResult } from "../../runtime/websites/create-settings-validator.js";
import { buildTestEvent } from "./build-test-event.js";
import { diffSteps, type StepRow } from "./diff-steps.js";
import { parseDuration } from "../../core/time/parse-duration.js";
import { recordedSteps } from "./recorded-steps.js";
import { createMemoryStore } from "../../runtime/store/memory-store.js";
import { runTestEvent } from "./run-test-event.js";
import { createStepStub } from "./create-step-stub.js";

/** Why a test failed: it could not start (settings, time), or an event did not do what it expected. */
export type TestFailure =
  | { readonly kind: "setup"; readonly reason: string }
  | {
      readonly kind: "event";
      /** 0-based position of the event in the test. */
      readonly index: number;
      readonly event: TestEventSpec;
      /** The simulated time of the event, in milliseconds since the epoch. */
      readonly time: number;
      readonly rows: readonly StepRow[];
      /** Every rule's decision for the event: why each ran or did not. */
      readonly record: DecisionRecord;
    };

/** The outcome of one test. */
export type TestResult =
  | { readonly name: string; readonly ok: true; readonly unmocked?: readonly string[] }
  | { readonly name: string; readonly ok: false; readonly failure: TestFailure; readonly unmocked?: readonly string[] };

/**
 * Runs one test: checks its settings, then runs its events in order on a simulated clock that
 * starts at `at` and moves by each event's `after`. Stops at the first event that does not do what
 * it expects: later events of a scenario usually build on the earlier ones, and one failure at a
 * time is easier to read.
 */
export async function runTest(
  ruleSet: RuleSet,
  validateSettings: (settings: unknown) => SettingsResult,
  test: TestSpec,
): Promise<TestResult> {
  const stub = createStepStub(test.mocks ?? []);
  // Hooks and http steps no mock answered: listed with the result, failed or not.
  const noted = (): { unmocked?: readonly string[] } =>
    stub.unmocked().length === 0 ? {} : { unmocked: stub.unmocked() };
  const fail = (failure: TestFailure): TestResult => ({ name: test.name, ok: false, failure, ...noted() });
  const settings = validateSettings(test.settings);
  if (!settings.ok) return fail({ kind: "setup", reason: `invalid settings: ${settings.reason}` });
  let clock = Date.parse(test.at);
  if (Number.isNaN(clock)) return fail({ kind: "setup", reason: `at: ${JSON.stringify(test.at)} is not a time` });
  // `once` and `cooldown` hold across the events of one test, as they would in the store.
  const guards = createMemoryStore();
  for (const [index, event] of test.events.entries()) {
    const after = parseDuration(event.after);
    if (after === undefined) {
      return fail({
        kind: "setup",
        reason: `event ${index + 1}: after: ${JSON.stringify(event.after)} is not a duration`,
      });
    }
    clock += after;
    const record = await runTestEvent(
      ruleSet,
      settings.settings,
      buildTestEvent(event.event, event.data, clock, index + 1),
      guards,
      stub.stub,
    );
    if (event.expect === undefined) continue;
    const { ok, rows } = diffSteps(event.expect, recordedSteps(record));
    if (!ok) return fail({ kind: "event", index, event, time: clock, rows, record });
  }
  return { name: test.name, ok: true, ...noted() };
}
