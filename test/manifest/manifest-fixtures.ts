import { join } from "node:path";
import { FIXTURES_DIR, type ManifestFixture } from "./manifest-fixture.js";

/**
 * Every committed fixture under test/fixtures/manifests/ that `validate` reads, with exactly what it
 * must report. Lines and columns are counted by hand from the fixture text (1-based; the value node
 * for a bad value, the key for an unknown or missing field).
 */
export const MANIFEST_FIXTURES: readonly ManifestFixture[] = [
  { file: "valid-minimal.yaml", behaviour: "accepts the smallest complete manifest", expected: [] },

  { file: "bom.yaml", behaviour: "accepts a valid manifest that starts with a UTF-8 byte order mark", expected: [] },
  {
    file: "unused-scope.yaml",
    behaviour: "accepts a manifest that asks for more than it uses, with one warning per unused access",
    expected: [
      "unused-scope.yaml:7:5: UNUSED_SCOPE warning: no rule needs website:conversation:messages with write access",
      "unused-scope.yaml:9:5: UNUSED_SCOPE warning: no rule needs website:people:profiles with read access",
    ],
  },
  {
    file: "empty.yaml",
    behaviour: "refuses an empty file",
    expected: ["empty.yaml:1:1: EMPTY_MANIFEST the manifest is empty"],
  },
  {
    file: "comments-only.yaml",
    behaviour: "refuses a file of comments and blank lines as empty",
    expected: ["comments-only.yaml:1:1: EMPTY_MANIFEST the manifest is empty"],
  },
  {
    file: "document-marker-only.yaml",
    behaviour: "refuses a file with only a `---` marker and comments as empty",
    expected: ["document-marker-only.yaml:1:1: EMPTY_MANIFEST the manifest is empty"],
  },
  {
    file: "top-level-list.yaml",
    behaviour: "refuses a list at the top level",
    expected: ["top-level-list.yaml:2:1: NOT_A_MAPPING the manifest is a list; it must be a mapping of keys"],
  },
  {
    file: "top-level-scalar.yaml",
    behaviour: "refuses a lone string at the top level",
    expected: ["top-level-scalar.yaml:2:1: NOT_A_MAPPING the manifest is a string value; it must be a mapping of keys"],
  },
  {
    file: "alias-bomb.yaml",
    behaviour: "refuses a billion-laughs alias bomb at its first alias, without expanding it",
    expected: ["alias-bomb.yaml:3:8: ALIAS_BOMB aliases expand to more than 100 nodes (an alias bomb?)"],
  },
  {
    file: "duplicate-key.yaml",
    behaviour: "reports a key repeated in one mapping at its second occurrence",
    expected: ["duplicate-key.yaml:6:3: DUPLICATE_KEY"],
  },
  {
    file: "tab-indentation.yaml",
    behaviour: "reports the first line indented with a tab, once for the mapping it breaks",
    expected: ["tab-indentation.yaml:4:1: YAML_SYNTAX Tabs are not allowed as indentation"],
  },
  {
    file: "bad-indentation.yaml",
    behaviour: "reports a mapping key indented differently from its siblings at that key",
    expected: ["bad-indentation.yaml:5:3: YAML_SYNTAX All mapping items must start at the same column"],
  },
  {
    file: "unclosed-flow-sequence.yaml",
    behaviour: "reports an unclosed `[` where it opens",
    expected: ["unclosed-flow-sequence.yaml:8:13: YAML_SYNTAX"],
  },
  {
    file: "missing-urn.yaml",
    behaviour: "reports a missing required field at the key of the mapping that lacks it",
    expected: ["missing-urn.yaml:3:1: MISSING_FIELD plugin.urn is required"],
  },
  {
    file: "unknown-field-top.yaml",
    behaviour: "reports a misspelt top-level field at its key with the closest field",
    expected: ['unknown-field-top.yaml:6:1: UNKNOWN_FIELD rulez is not a known field (did you mean "rules"?)'],
  },
  {
    file: "unknown-field-rule.yaml",
    behaviour: "reports a misspelt rule field at its key with the closest field",
    expected: ['unknown-field-rule.yaml:12:5: UNKNOWN_FIELD rules[0].iff is not a known field (did you mean "if"?)'],
  },
  {
    file: "proto-key.yaml",
    behaviour: "reports __proto__ keys as unknown fields instead of letting them replace a prototype",
    expected: [
      "proto-key.yaml:6:3: UNKNOWN_FIELD plugin.__proto__ is not a known field",
      "proto-key.yaml:7:1: UNKNOWN_FIELD __proto__ is not a known field",
    ],
  },
  {
    file: "wrong-type.yaml",
    behaviour: "reports a value of the wrong type at the value, saying what was found",
    expected: [
      "wrong-type.yaml:5:9: WRONG_TYPE plugin.name must be a string, not a list",
      'wrong-type.yaml:11:14: WRONG_TYPE rules[0].enabled must be a boolean, not string "no"',
    ],
  },
  {
    file: "invalid-visibility.yaml",
    behaviour: "reports a value outside an enum at the value, quoting it and listing the allowed ones",
    expected: [
      'invalid-visibility.yaml:6:15: INVALID_VALUE plugin.visibility "secret" is not allowed (one of: private, public)',
    ],
  },
  {
    file: "unknown-scope.yaml",
    behaviour: "reports a misspelt scope at the value with the closest scope",
    expected: [
      'unknown-scope.yaml:7:12: INVALID_VALUE scopes[0].scope "website:conversation:mesages" is not allowed (did you mean "website:conversation:messages"?)',
    ],
  },
  {
    file: "invalid-urn.yaml",
    behaviour: "reports a URN of the wrong form at the value, quoting it and showing the expected form",
    expected: [
      'invalid-urn.yaml:4:8: INVALID_VALUE plugin.urn "urn:acme:fixture" does not have the expected form (urn:<account>:<name>:<version>, such as urn:acme:auto-responder:0)',
    ],
  },
  {
    file: "condition-no-operator.yaml",
    behaviour: "reports a value condition with a path and no operator, listing the operators",
    expected: [
      "condition-no-operator.yaml:13:9: MISSING_FIELD rules[0].if[0] needs an operator: equals, not_equals, in, contains, matches, starts_with, exists, gt, gte, lt or lte",
    ],
  },
  {
    file: "condition-two-operators.yaml",
    behaviour: "reports a value condition with two operators and how to combine them",
    expected: [
      "condition-two-operators.yaml:13:9: INVALID_VALUE rules[0].if[0] has more than one operator; combine tests with `all:`",
    ],
  },
  {
    file: "unknown-event.yaml",
    behaviour: "reports a misspelt event at the value with the closest plugin event",
    expected: [
      'unknown-event.yaml:11:9: UNKNOWN_EVENT "message:sent" is not a Crisp event (did you mean "message:send"?)',
    ],
  },
  {
    file: "user-tier-event.yaml",
    behaviour: "reports, in a list of events, the one only user-tier tokens receive",
    expected: [
      'user-tier-event.yaml:11:24: EVENT_NOT_FOR_PLUGINS "campaign:progress" is only sent to user-tier tokens, never to a plugin',
    ],
  },
  {
    file: "unknown-action.yaml",
    behaviour: "reports a misspelt action at the value with the closest action",
    expected: [
      'unknown-action.yaml:13:17: UNKNOWN_ACTION "send_mesage" is not an action (did you mean "send_message"?)',
    ],
  },
  {
    file: "../testing/unknown-test-rule.yaml",
    behaviour: "reports a rule a test expects that no rule id names, at the value, with the closest id",
    expected: [
      '../testing/unknown-test-rule.yaml:21:19: UNKNOWN_RULE "replay" is not the id of a rule (did you mean "reply"?)',
      '../testing/unknown-test-rule.yaml:22:43: UNKNOWN_RULE "constructor" is not the id of a rule',
    ],
  },
  {
    file: "duplicate-rule-id.yaml",
    behaviour: "reports a rule id used twice at the second one, naming the first rule",
    expected: ['duplicate-rule-id.yaml:15:9: DUPLICATE_RULE_ID rule id "reply" is already used by rules[0]'],
  },
  {
    file: "duplicate-step-id.yaml",
    behaviour: "reports a step id used twice in a rule at the second one",
    expected: ['duplicate-step-id.yaml:14:13: DUPLICATE_STEP_ID step id "notify" is used twice in rule "log-twice"'],
  },
  {
    file: "invalid-regex.yaml",
    behaviour: "reports a pattern that does not compile at the pattern, with the reason",
    expected: [
      'invalid-regex.yaml:12:40: INVALID_REGEX "(urgent" is not a valid regular expression: Unterminated group',
    ],
  },
  {
    file: "unsafe-regex.yaml",
    behaviour: "reports back references and look-around, in rules and in the settings schema, at the pattern",
    expected: [
      'unsafe-regex.yaml:12:36: UNSAFE_REGEX "^(?!x)[a-z]+$" uses a look-around ((?!), which cannot be matched in linear time; patterns run on RE2, which refuses it',
      "unsafe-regex.yaml:13:3: SETTINGS_FORM_UNSUPPORTED warning: settings.patternProperties: the settings page cannot draw `patternProperties`; it is left out of the form",
      'unsafe-regex.yaml:14:5: UNSAFE_REGEX "^(?<=a)b$" uses a look-around ((?<=), which cannot be matched in linear time; patterns run on RE2, which refuses it',
      'unsafe-regex.yaml:20:29: UNSAFE_REGEX "(a)\\\\1" uses a back reference (\\1), which cannot be matched in linear time; patterns run on RE2, which refuses it',
    ],
  },
  {
    file: "template-syntax-with.yaml",
    behaviour: "reports a step parameter whose template does not parse at the string",
    expected: [
      "template-syntax-with.yaml:15:20: TEMPLATE_SYNTAX template \"Hello {{visitor.nickname\": does not parse (line 1: expected 'ID', got 'INVALID')",
    ],
  },
  {
    file: "template-unknown-helper.yaml",
    behaviour: "reports an unknown helper with the closest one, at the template",
    expected: [
      'template-unknown-helper.yaml:13:26: TEMPLATE_SYNTAX template "{{uper data.content}}": unknown helper "uper" (did you mean "upper"?)',
    ],
  },
  {
    file: "template-syntax-condition.yaml",
    behaviour: "reports a template condition with an unclosed block helper at the string",
    expected: [
      "template-syntax-condition.yaml:13:17: TEMPLATE_SYNTAX template \"{{#if data.content}}yes\": does not parse (line 1: expected 'OPEN_INVERSE_CHAIN', 'INVERSE', 'OPEN_ENDBLOCK', got 'EOF')",
    ],
  },
  {
    file: "settings-required-not-list.yaml",
    behaviour: "reports a settings schema whose `required` is not a list at that value",
    expected: [
      "settings-required-not-list.yaml:8:13: INVALID_SETTINGS_SCHEMA settings.required is not a valid JSON Schema: must be array",
    ],
  },
  {
    file: "invalid-settings-schema.yaml",
    behaviour: "reports each mistake of a settings schema once: a misspelt type and a non-list `required`",
    expected: [
      "invalid-settings-schema.yaml:10:13: INVALID_SETTINGS_SCHEMA",
      "invalid-settings-schema.yaml:11:13: INVALID_SETTINGS_SCHEMA",
    ],
  },
  {
    file: "settings-form-unsupported.yaml",
    behaviour: "accepts a settings schema the page cannot wholly draw, warning at each part it leaves out",
    expected: [
      "settings-form-unsupported.yaml:11:5: SETTINGS_FORM_UNSUPPORTED warning: settings.properties.delays: the settings page cannot draw a list of numbers; it is left out of the form",
      "settings-form-unsupported.yaml:15:7: SETTINGS_FORM_UNSUPPORTED warning: settings.properties.contact.oneOf: the settings page cannot draw `oneOf`; it is left out of the form",
    ],
  },
  {
    file: "types-stale.yaml",
    behaviour: "warns when the .d.ts of crisp-plugin types no longer matches the manifest",
    expected: [
      "types-stale.yaml:10:1: TYPES_STALE warning: types-stale.types.d.ts no longer matches the manifest (settings, events or hooks changed); run crisp-plugin types",
    ],
  },
  {
    file: "hooks-missing.yaml",
    behaviour: "reports a hooks file that does not exist at the path, with where it looked",
    expected: [
      `hooks-missing.yaml:6:8: HOOKS_NOT_FOUND hooks file "./no-such-hooks.ts" does not exist (looked for ${join(FIXTURES_DIR, "no-such-hooks.ts")})`,
    ],
  },
  {
    file: "hooks-outside.yaml",
    behaviour: "refuses a hooks file outside the manifest's folder, without loading it",
    expected: [
      `hooks-outside.yaml:6:8: HOOKS_OUTSIDE_FOLDER hooks file "../../../package.json" is outside the manifest's folder ${FIXTURES_DIR.replace(/\/$/, "")} (symbolic links resolved); move it into that folder`,
    ],
  },
  {
    file: "hooks-load-failed.yaml",
    behaviour: "reports a hooks module that throws when loaded at the path, with the cause",
    expected: [
      `hooks-load-failed.yaml:6:8: HOOKS_LOAD_FAILED hooks ${join(FIXTURES_DIR, "hooks/throws-on-load.js")} failed to load: boom at load time`,
    ],
  },
  {
    file: "unknown-hook.yaml",
    behaviour: "reports a hook step naming a hook the module does not define, listing those it does",
    expected: ["unknown-hook.yaml:11:17: UNKNOWN_HOOK hook:notfy is not defined by ./hooks/notify.js (hooks: notify)"],
  },
  {
    file: "host-not-allowed.yaml",
    behaviour: "reports an http step to a host missing from http.allow at the URL",
    expected: ["host-not-allowed.yaml:17:16: HOST_NOT_ALLOWED host evil.example.com is not listed in http.allow"],
  },
  {
    file: "missing-scope-event.yaml",
    behaviour: "reports an event the declared scopes do not let the token receive, at the event",
    expected: [
      'missing-scope-event.yaml:8:9: MISSING_SCOPE rule "watch" needs scope website:conversation:messages with read access for event message:send; add it under scopes:',
    ],
  },
  {
    file: "missing-scope-write.yaml",
    behaviour: "reports an action that needs write access on a scope declared read-only, at the action",
    expected: [
      'missing-scope-write.yaml:16:17: MISSING_SCOPE rule "tag" needs scope website:conversation:sessions with write access for action add_segments; it is declared with read access only: add write to its access list',
    ],
  },
  {
    file: "duplicate-scope.yaml",
    behaviour: "reports a scope listed twice at its second entry",
    expected: ["duplicate-scope.yaml:9:12: DUPLICATE_SCOPE website:conversation:messages is listed more than once"],
  },
  {
    file: "new-user.yaml",
    behaviour: "reports a new user's three mistakes, each where it is, in file order",
    expected: [
      "new-user.yaml:3:1: MISSING_FIELD plugin.name is required",
      'new-user.yaml:10:9: UNKNOWN_EVENT "message:sent" is not a Crisp event (did you mean "message:send"?)',
      'new-user.yaml:12:40: INVALID_REGEX "hello(" is not a valid regular expression: Unterminated group',
    ],
  },
];
