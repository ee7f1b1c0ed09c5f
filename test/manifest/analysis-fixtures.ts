import type { ManifestFixture } from "./manifest-fixture.js";

/**
 * Valid manifests under test/fixtures/manifests/ on which `validate` warns: the analysis of the
 * rules (loops, conflicting writes, rules that never run) and a setting that may be empty, with
 * exactly the lines it prints. Lines and columns are counted by hand from the fixture text.
 */
export const ANALYSIS_FIXTURES: readonly ManifestFixture[] = [
  {
    file: "rule-loop.yaml",
    behaviour:
      "warns about two rules that trigger each other through Crisp's echoes, at the include_own_events that opens the loop, and not about a rule whose own echo makes its condition false",
    expected: [
      'rule-loop.yaml:15:5: RULE_LOOP warning: rules "reopen", "tag-unresolved" trigger each other without end: "reopen" set_state causes session:set_state, which runs "tag-unresolved"; "tag-unresolved" add_segments causes session:set_segments, which runs "reopen". Add once or cooldown to one of them, a condition the event makes false, or leave include_own_events out',
    ],
  },
  {
    file: "rule-shadowed.yaml",
    behaviour: "warns about a rule after one that always stops the rules after it, at its id",
    expected: [
      'rule-shadowed.yaml:17:9: RULE_NEVER_RUNS warning: rule "never" can never run: rule "quiet" before it runs on the same events, without conditions, and stops the rules after it (stop: { rules: true })',
    ],
  },
  {
    file: "rule-contradiction.yaml",
    behaviour: "warns about a rule whose conditions need one path to equal two values, at the second condition",
    expected: [
      'rule-contradiction.yaml:14:9: RULE_NEVER_RUNS warning: rule "both" can never run: data.type cannot equal both "text" and "file"',
    ],
  },
  {
    file: "conflicting-writes.yaml",
    behaviour: "warns about two rules on one event that set the state to different values, at the second step",
    expected: [
      "conflicting-writes.yaml:9:5: UNUSED_SCOPE warning: no rule needs website:conversation:sessions with write access",
      "conflicting-writes.yaml:11:5: UNUSED_SCOPE warning: no rule needs website:conversation:states with read access",
      'conflicting-writes.yaml:22:17: CONFLICTING_WRITES warning: rules "resolve" and "reopen" both run on message:send and set state to "resolved" and "unresolved": the later write wins',
    ],
  },
  {
    file: "setting-may-be-empty.yaml",
    behaviour:
      "accepts a template reading a setting that is neither required nor defaulted, with one warning at its first use",
    expected: [
      "setting-may-be-empty.yaml:19:30: SETTING_MAY_BE_EMPTY warning: settings.signature is read here but is neither required nor given a default, so it may be empty: add it to settings.required or give it a default",
    ],
  },
];
