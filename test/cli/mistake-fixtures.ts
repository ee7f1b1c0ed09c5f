import type { ManifestFixture } from "../manifest/manifest-fixture.js";

/**
 * The 22 mistakes of the new-user trial (issue 14), one per file under test/fixtures/mistakes/:
 * each must give exactly this one line, from `validate` and from every command that reads a
 * manifest. Lines and columns were checked by hand against the fixture text.
 */
export const MISTAKE_FIXTURES: readonly ManifestFixture[] = [
  {
    file: "bad-duration.yaml",
    behaviour: 'a cooldown written "10 minutes" instead of 10m',
    expected: [
      'bad-duration.yaml:17:22: INVALID_VALUE rules[0].cooldown.for "10 minutes" does not have the expected form (a duration such as 30s, 5m, 2h or 1d)',
    ],
  },
  {
    file: "bad-indentation.yaml",
    behaviour: "a step whose dash is one column short of its siblings (four YAML errors before)",
    expected: [
      "bad-indentation.yaml:21:6: YAML_SYNTAX A block sequence may not be used as an implicit map key; check this line's indentation against the lines above",
    ],
  },
  {
    file: "bad-regex.yaml",
    behaviour: "a `matches` pattern that does not compile",
    expected: ['bad-regex.yaml:18:40: INVALID_REGEX "hello(" is not a valid regular expression: Unterminated group'],
  },
  {
    file: "dedented-time.yaml",
    behaviour: "`time:` written at the level of `not:` instead of under it",
    expected: [
      "dedented-time.yaml:18:9: WRONG_TYPE rules[0].if[0].not is empty, and `time:` below it is read as its sibling: indent `time:` under `not:`",
    ],
  },
  {
    file: "dedented-with.yaml",
    behaviour: "`with:` written at the level of the step's dash",
    expected: ["dedented-with.yaml:19:7: YAML_SYNTAX All mapping items must start at the same column"],
  },
  {
    file: "helper-typo.yaml",
    behaviour: "a template calling `uper` for `upper`",
    expected: [
      'helper-typo.yaml:19:26: TEMPLATE_SYNTAX template "{{uper settings.greeting}}": unknown helper "uper" (did you mean "upper"?)',
    ],
  },
  {
    file: "misnamed-event-field.yaml",
    behaviour: "`{{data.user.nick_name}}` for `nickname`",
    expected: [
      'misnamed-event-field.yaml:19:35: UNKNOWN_EVENT_FIELD "data.user.nick_name": data.user of message:send has no field "nick_name" (did you mean "nickname"?)',
    ],
  },
  {
    file: "misnamed-root.yaml",
    behaviour: "`{{setting.greeting}}` for `settings`",
    expected: [
      'misnamed-root.yaml:19:39: UNKNOWN_ROOT "setting.greeting" starts with "setting", which templates and conditions do not see (did you mean "settings"?)',
    ],
  },
  {
    file: "missing-scope.yaml",
    behaviour: "an action whose scope is not declared",
    expected: [
      'missing-scope.yaml:13:17: MISSING_SCOPE rule "tag" needs scope website:conversation:sessions with read and write access for action add_segments; add it under scopes:',
    ],
  },
  {
    file: "misspelt-timezone.yaml",
    behaviour: "`timezone: Europe/Berln`",
    expected: [
      'misspelt-timezone.yaml:22:23: INVALID_TIMEZONE "Europe/Berln" is not an IANA timezone (did you mean "Europe/Berlin"?)',
    ],
  },
  {
    file: "read-only-scope.yaml",
    behaviour: "a write action on a scope declared read-only",
    expected: [
      'read-only-scope.yaml:13:17: MISSING_SCOPE rule "greet" needs scope website:conversation:messages with write access for action send_message; it is declared with read access only: add write to its access list',
    ],
  },
  {
    file: "regex-flags-uppercase.yaml",
    behaviour: "`flags: I` for `i`",
    expected: [
      'regex-flags-uppercase.yaml:18:67: INVALID_VALUE rules[0].if[0].matches.flags "I" does not have the expected form (any of i, m, s and u, in lower case)',
    ],
  },
  {
    file: "undeclared-setting-condition.yaml",
    behaviour: "`path: settings.enabled` on a setting the schema does not declare",
    expected: [
      'undeclared-setting-condition.yaml:18:17: UNKNOWN_SETTING "settings.enabled": no setting "enabled" is declared under settings.properties (declared: greeting, timezone)',
    ],
  },
  {
    file: "undeclared-setting-template.yaml",
    behaviour: "`{{settings.billing_operator}}` on a setting the schema does not declare",
    expected: [
      'undeclared-setting-template.yaml:19:33: UNKNOWN_SETTING "settings.billing_operator": no setting "billing_operator" is declared under settings.properties (declared: greeting, timezone)',
    ],
  },
  {
    file: "unknown-action.yaml",
    behaviour: "`action: send_mesage`",
    expected: [
      'unknown-action.yaml:18:17: UNKNOWN_ACTION "send_mesage" is not an action (did you mean "send_message"?)',
    ],
  },
  {
    file: "unknown-event.yaml",
    behaviour: "`on: message:sent` for `message:send`",
    expected: [
      'unknown-event.yaml:16:9: UNKNOWN_EVENT "message:sent" is not a Crisp event (did you mean "message:send"?)',
    ],
  },
  {
    file: "unknown-hook.yaml",
    behaviour: "`hook:notifyTeem` for the hook `notifyTeam`",
    expected: [
      "unknown-hook.yaml:19:17: UNKNOWN_HOOK hook:notifyTeem is not defined by ./hooks.js (hooks: notifyTeam)",
    ],
  },
  {
    file: "unknown-step.yaml",
    behaviour: "`{{steps.send...}}` for the step whose id is `sent`",
    expected: [
      'unknown-step.yaml:22:34: UNKNOWN_STEP "steps.send.fingerprint": no step before this one has id "send" (did you mean "sent"?)',
    ],
  },
  {
    file: "unquoted-template.yaml",
    behaviour: "`content: {{settings.greeting}}` without quotes",
    expected: [
      'unquoted-template.yaml:20:20: TEMPLATE_NOT_QUOTED the template {{settings.greeting}} must be quoted, or YAML reads it as a mapping: write "{{settings.greeting}}"',
    ],
  },
  {
    file: "unsafe-regex.yaml",
    behaviour: "a pattern with a back reference, which no linear-time engine matches",
    expected: [
      'unsafe-regex.yaml:18:40: UNSAFE_REGEX "(\\\\w)\\\\1$" uses a back reference (\\1$), which cannot be matched in linear time; patterns run on RE2, which refuses it',
    ],
  },
  {
    file: "wrong-parameter-name.yaml",
    behaviour: "`with: { text: ... }` for send_message's `content`",
    expected: [
      "wrong-parameter-name.yaml:19:17: UNKNOWN_FIELD rules[0].do[0].with.text is not a known field; content is required",
    ],
  },
  {
    file: "wrong-type.yaml",
    behaviour: "`segments: vip` where a list is expected",
    expected: ['wrong-type.yaml:24:27: WRONG_TYPE rules[0].do[1].with.segments must be a list, not string "vip"'],
  },
];
