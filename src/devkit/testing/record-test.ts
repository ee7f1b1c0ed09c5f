import type { RuleSet } from "../../core/engine/compile-rule-set.js";
import { isPlain } from "../../core/manifest/walk-rules.js";
import { createSettingsValidator } from "../../runtime/websites/create-settings-validator.js";
import { buildTestEvent } from "./build-test-event.js";
import type { StepExpectation } from "./diff-steps.js";
import { recordedSteps } from "./recorded-steps.js";
import { runTestEvent } from "./run-test-event.js";

/** A `tests:` entry written from one event: what ran for it becomes what is expected. */
export interface RecordedTest {
  readonly name: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly at: string;
  readonly events: readonly [
    { readonly event: string; readonly data: Readonly<Record<string, unknown>>; readonly expect: StepExpectation[] },
  ];
}

/** What to record: an event, the website's settings as written (defaults not applied), a time. */
export interface RecordInput {
  readonly name: string;
  readonly event: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly settings: Readonly<Record<string, unknown>>;
  /** ISO 8601. */
  readonly at: string;
}

/**
 * Runs one event as `crisp-plugin test` would run it (same event defaults, same clock) and turns
 * the steps that ran into a test that expects exactly them, full rendered parameters included.
 * Settings are kept as written, so the test still follows the schema's defaults if they change.
 */
export async function recordTest(
  ruleSet: RuleSet,
  input: RecordInput,
): Promise<{ readonly ok: true; readonly test: RecordedTest } | { readonly ok: false; readonly reason: string }> {
  const settings = createSettingsValidator(ruleSet.manifest.settings)(input.settings);
  if (!settings.ok) return { ok: false, reason: `invalid settings: ${settings.reason}` };
  const clock = Date.parse(input.at);
  if (Number.isNaN(clock)) return { ok: false, reason: `${JSON.stringify(input.at)} is not a time` };
  const record = await runTestEvent(ruleSet, settings.settings, buildTestEvent(input.event, input.data, clock, 1));
  const expect = recordedSteps(record).map((step): StepExpectation => ({
    action: step.action,
    rule: step.rule,
    // Empty parameters pin nothing; leaving them out keeps the pasted test short.
    ...(isPlain(step.params) && Object.keys(step.params).length > 0 ? { with: step.params } : {}),
  }));
  return {
    ok: true,
    test: {
      name: input.name,
      settings: input.settings,
      at: input.at,
      events: [{ event: input.event, data: input.data, expect }],
    },
  };
}
