import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runManifestTests } from "../../src/devkit/testing/run-manifest-tests.js";
import type { TestFailure, TestResult } from "../../src/devkit/testing/run-test.js";
import {
  CLOSED_REPLY,
  createTempDir,
  HOURS_PLUGIN,
  MONDAY_0859_PARIS,
  writeManifest,
  type TempDir,
} from "./testing-harness.js";

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir("crisp-testing-");
});
afterEach(async () => {
  await dir.remove();
});

/** Runs the tests of the business-hours plugin with `tests`. */
async function runHoursTests(tests: readonly unknown[]): Promise<TestResult[]> {
  return runManifestTests(await writeManifest(dir, { ...HOURS_PLUGIN, tests }));
}

/** The failure of a result that must have failed. */
function failureOf(result: TestResult | undefined): TestFailure {
  if (result === undefined || result.ok) throw new Error(`expected a failed test, got ${JSON.stringify(result)}`);
  return result.failure;
}

const REPLY = { action: "send_message", rule: "after-hours", with: { content: CLOSED_REPLY } };
const TAG = { action: "add_segments", rule: "tag" };

describe("runManifestTests", () => {
  it("passes a test whose steps ran as expected, in order", async () => {
    const results = await runHoursTests([
      {
        name: "answers at night",
        at: "2026-01-05T22:00:00Z",
        events: [{ event: "message:send", expect: [REPLY, TAG] }],
      },
    ]);
    expect(results).toEqual([{ name: "answers at night", ok: true }]);
  });

  it("decides time conditions on the simulated clock: 08:59 in Paris is closed, `after: 2m` is 09:01 and open", async () => {
    const results = await runHoursTests([
      {
        name: "opens at nine",
        at: MONDAY_0859_PARIS,
        events: [
          { event: "message:send", expect: [REPLY, TAG] },
          { event: "message:send", after: "2m", expect: [TAG] },
          { event: "message:send", after: "9h", expect: [REPLY, TAG] },
        ],
      },
    ]);
    expect(results).toEqual([{ name: "opens at nine", ok: true }]);
  });

  it("reports the event that failed at its simulated time, with every rule's reason", async () => {
    const [result] = await runHoursTests([
      {
        name: "still closed at 09:01",
        at: MONDAY_0859_PARIS,
        events: [
          { event: "message:send", expect: [REPLY, TAG] },
          { event: "message:send", after: "2m", expect: [REPLY, TAG] },
        ],
      },
    ]);
    const failure = failureOf(result);
    if (failure.kind !== "event") throw new Error("expected an event failure");
    expect(failure.index).toBe(1);
    expect(new Date(failure.time).toISOString()).toBe("2026-01-05T08:01:00.000Z");
    expect(failure.rows.map((row) => row.mismatch)).toEqual([
      "action: expected send_message, got add_segments",
      "did not run",
    ]);
    expect(failure.record.rules[0]?.reason).toBe(
      "rules[0].if: must not hold, but it is Monday 09:01 in Europe/Paris, within mon-fri 09:00-18:00",
    );
  });

  it("starts at the default `at`, Monday 5 January 2026 10:00 UTC, when the test gives none", async () => {
    const results = await runHoursTests([{ name: "open", events: [{ event: "message:send", expect: [TAG] }] }]);
    expect(results).toEqual([{ name: "open", ok: true }]);
  });

  it("applies the settings schema's defaults under the test's own settings", async () => {
    const results = await runHoursTests([
      {
        name: "New York hours",
        at: MONDAY_0859_PARIS,
        settings: { timezone: "America/New_York" },
        events: [{ event: "message:send", expect: [REPLY, TAG] }],
      },
      {
        name: "own greeting",
        at: "2026-01-05T22:00:00Z",
        settings: { greeting: "Bye" },
        events: [{ event: "message:send", expect: [{ action: "send_message", with: { content: "Bye" } }, TAG] }],
      },
    ]);
    expect(results.map((result) => result.ok)).toEqual([true, true]);
  });

  it("fails a test whose settings the schema refuses, with the reason, before any event runs", async () => {
    const [result] = await runHoursTests([
      { name: "bad settings", settings: { greeting: 3 }, events: [{ event: "message:send", expect: [] }] },
    ]);
    expect(failureOf(result)).toEqual({ kind: "setup", reason: "invalid settings: settings/greeting must be string" });
  });

  it("passes `expect: []` only when nothing runs", async () => {
    const results = await runHoursTests([
      { name: "an operator's message", events: [{ event: "message:received", expect: [] }] },
      { name: "a visitor's message", events: [{ event: "message:send", expect: [] }] },
    ]);
    expect(results[0]).toEqual({ name: "an operator's message", ok: true });
    const failure = failureOf(results[1]);
    expect(failure.kind === "event" && failure.rows.map((row) => row.mismatch)).toEqual(["not expected"]);
  });

  it("checks nothing for an event without `expect`", async () => {
    const results = await runHoursTests([{ name: "smoke", events: [{ event: "message:send" }] }]);
    expect(results).toEqual([{ name: "smoke", ok: true }]);
  });

  it("checks `rule:` only when it is given", async () => {
    const results = await runHoursTests([
      { name: "any rule", events: [{ event: "message:send", expect: [{ action: "add_segments" }] }] },
      {
        name: "the wrong rule",
        events: [{ event: "message:send", expect: [{ action: "add_segments", rule: "after-hours" }] }],
      },
    ]);
    expect(results[0]?.ok).toBe(true);
    const failure = failureOf(results[1]);
    expect(failure.kind === "event" && failure.rows[0]?.mismatch).toBe("rule: expected after-hours, got tag");
  });

  it("compares `with` as a deep subset of the rendered parameters, defaults included", async () => {
    const night = "2026-01-05T22:00:00Z";
    const results = await runHoursTests([
      {
        name: "a nested key and a default",
        at: night,
        events: [
          {
            event: "message:send",
            expect: [{ action: "send_message", with: { user: { nickname: "Bot" }, type: "text" } }, TAG],
          },
        ],
      },
      {
        name: "a list with an item too few",
        at: night,
        events: [{ event: "message:send", expect: [REPLY, { action: "add_segments", with: { segments: ["seen"] } }] }],
      },
    ]);
    expect(results[0]?.ok).toBe(true);
    const failure = failureOf(results[1]);
    expect(failure.kind === "event" && failure.rows[1]?.mismatch).toBe(
      'with.segments: expected 1 items, got 2: ["seen","visitor"]',
    );
  });

  it("sends a visitor's text message in the test conversation, with `data` merged over it and `now` on the clock", async () => {
    const manifest = await writeManifest(dir, {
      rules: [
        {
          id: "echo",
          on: "message:send",
          do: [
            {
              action: "log",
              with: {
                message:
                  "{{event.website_id}} {{event.session_id}} {{data.type}} {{data.from}} {{data.origin}} {{data.fingerprint}} {{data.content}} {{now}}",
              },
            },
          ],
        },
      ],
      tests: [
        {
          name: "two events",
          at: "2026-01-05T10:00:00Z",
          events: [
            {
              event: "message:send",
              expect: [
                {
                  action: "log",
                  with: { message: "test-website session_test text user chat 1  2026-01-05T10:00:00.000Z" },
                },
              ],
            },
            {
              event: "message:send",
              after: "1d",
              data: { session_id: "session_other", content: "hi", from: "operator" },
              expect: [
                {
                  action: "log",
                  with: { message: "test-website session_other text operator chat 2 hi 2026-01-06T10:00:00.000Z" },
                },
              ],
            },
          ],
        },
      ],
    });
    expect(await runManifestTests(manifest)).toEqual([{ name: "two events", ok: true }]);
  });

  it("stops a test at its first failing event and goes on with the next test", async () => {
    const results = await runHoursTests([
      {
        name: "fails first",
        events: [
          { event: "message:send", expect: [] },
          { event: "message:send", expect: [{ action: "block" }] },
        ],
      },
      { name: "passes", events: [{ event: "message:send", expect: [TAG] }] },
    ]);
    const failure = failureOf(results[0]);
    expect(failure.kind === "event" && failure.index).toBe(0);
    expect(results[1]).toEqual({ name: "passes", ok: true });
  });

  it("runs nothing for a manifest without tests", async () => {
    expect(await runManifestTests(await writeManifest(dir, HOURS_PLUGIN))).toEqual([]);
  });
});
