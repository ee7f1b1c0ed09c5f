import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadManifest } from "../../src/core/manifest/load-manifest.js";
import { formatProblem } from "../../src/core/manifest/problem.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/testing/", import.meta.url));

/**
 * Manifests under test/fixtures/testing/ and exactly what `validate` says about their `tests:`.
 * Lines and columns are counted by hand from the fixtures (1-based, at the offending value).
 */
const CASES = [
  {
    file: "valid-tests.yaml",
    behaviour: "accepts tests that name real events, actions, hooks and rules",
    expected: [],
  },
  {
    file: "unknown-test-event.yaml",
    behaviour: "reports a test event Crisp never sends at its value, with the closest event",
    expected: [
      'unknown-test-event.yaml:18:16: UNKNOWN_EVENT "message:sent" is not a Crisp event (did you mean "message:send"?)',
    ],
  },
  {
    file: "unknown-test-action.yaml",
    behaviour: "reports expected actions that do not exist, in block and flow mappings",
    expected: [
      'unknown-test-action.yaml:20:21: UNKNOWN_ACTION "send_mesage" is not an action (did you mean "send_message"?)',
      'unknown-test-action.yaml:21:23: UNKNOWN_ACTION "hook:notify-team" is not an action',
    ],
  },
  {
    file: "unknown-test-rule.yaml",
    behaviour: "reports expected rules that no rule id names, an inherited property name included",
    expected: [
      'unknown-test-rule.yaml:21:19: UNKNOWN_RULE "replay" is not the id of a rule (did you mean "reply"?)',
      'unknown-test-rule.yaml:22:43: UNKNOWN_RULE "constructor" is not the id of a rule',
    ],
  },
  {
    file: "unknown-mock-step.yaml",
    behaviour: "reports mocks by a step id that no hook, http or read step has (a read step's is accepted)",
    expected: [
      'unknown-mock-step.yaml:29:17: INVALID_VALUE "scroe" is not the id of a hook, http or read step; only those are mocked (did you mean "score"?)',
      'unknown-mock-step.yaml:30:17: INVALID_VALUE "answer" is not the id of a hook, http or read step; only those are mocked',
    ],
  },
  {
    file: "malformed-tests.yaml",
    behaviour: "leaves tests of the wrong shape to the schema, without a problem of its own",
    expected: [
      'malformed-tests.yaml:16:5: WRONG_TYPE tests[0] must be a mapping, not string "just a string"',
      "malformed-tests.yaml:18:14: WRONG_TYPE tests[1].events[0] must be a mapping, not number 3",
      "malformed-tests.yaml:18:26: WRONG_TYPE tests[1].events[1].event must be a string, not number 4",
      "malformed-tests.yaml:18:48: WRONG_TYPE tests[1].events[1].expect[0].action must be a string, not number 5",
      "malformed-tests.yaml:18:57: WRONG_TYPE tests[1].events[1].expect[0].rule must be a string, not a list",
      'malformed-tests.yaml:18:96: INVALID_VALUE tests[1].events[2].after "5min" does not have the expected form (^[0-9]+(ms|s|m|h|d)$)',
      'malformed-tests.yaml:18:110: WRONG_TYPE tests[1].events[2].expect must be a list, not string "not a list"',
    ],
  },
] as const;

describe("checks of tests:", () => {
  for (const { file, behaviour, expected } of CASES) {
    it(`${file} ${behaviour}`, async () => {
      const loaded = await loadManifest(file, { cwd: FIXTURES });
      expect(loaded.problems.map(formatProblem)).toEqual(expected);
      expect(loaded.manifest === undefined).toBe(expected.length > 0);
    });
  }
});
