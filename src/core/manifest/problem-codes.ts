/**
 * Every code `validate`, `scopes --check` and `check --submission` can report, in one place.
 * The problem-code table of docs/reference.md is generated from this list (`npm run docs`).
 */
export const PROBLEM_CODES = {
  FILE_TOO_LARGE: {
    severity: "error",
    fix: "A manifest is a few kilobytes; split long texts into settings or check that the right file is being read.",
  },
  NOT_TEXT: {
    severity: "error",
    fix: "The file is not UTF-8 text. Save it as UTF-8, or check that the path points at plugin.yaml.",
  },
  EMPTY_MANIFEST: {
    severity: "error",
    fix: "Start from `crisp-plugin init` or the root plugin.yaml: at least `version: 1` and `plugin:`.",
  },
  TEMPLATE_NOT_QUOTED: {
    severity: "error",
    fix: 'A value that starts with `{{` must be quoted (`content: "{{data.content}}"`): unquoted, YAML reads the braces as a mapping.',
  },
  YAML_SYNTAX: {
    severity: "error",
    fix: "Fix the YAML at the position shown: indentation, an unclosed bracket or quote, a tab.",
  },
  DUPLICATE_KEY: {
    severity: "error",
    fix: "A key appears twice in the same mapping; YAML keeps only one of them. Remove or rename one.",
  },
  ALIAS_BOMB: { severity: "error", fix: "YAML aliases (`*name`) expand to too many nodes. Use fewer nested aliases." },
  NOT_A_MAPPING: {
    severity: "error",
    fix: "The top level of plugin.yaml must be a mapping of keys (`version:`, `plugin:`, `rules:`...).",
  },
  MISSING_FIELD: { severity: "error", fix: "Add the required field shown." },
  UNKNOWN_FIELD: {
    severity: "error",
    fix: "The field is not part of manifest v1; check its spelling against the manifest reference.",
  },
  WRONG_TYPE: {
    severity: "error",
    fix: "The value has the wrong type (a list where a string is expected, for example).",
  },
  INVALID_VALUE: {
    severity: "error",
    fix: "The value is not one of those allowed, or not in the expected format or range.",
  },
  UNKNOWN_EVENT: {
    severity: "error",
    fix: "Use a Crisp RTM event name; `message:send` is a visitor's message, `message:received` an operator's.",
  },
  EVENT_NOT_FOR_PLUGINS: {
    severity: "error",
    fix: "Crisp delivers this event to user-tier tokens only; a plugin token never receives it.",
  },
  UNKNOWN_ACTION: {
    severity: "error",
    fix: "Use a built-in action (see the manifest reference) or `hook:<name>` for a TypeScript hook.",
  },
  UNKNOWN_RULE: {
    severity: "error",
    fix: "A test's `expect:` names a rule by its `id`; use one of the ids under `rules:`, or leave `rule:` out.",
  },
  DUPLICATE_RULE_ID: {
    severity: "error",
    fix: "Rule ids name rules in logs and reload reports; give each rule its own.",
  },
  DUPLICATE_STEP_ID: {
    severity: "error",
    fix: "Step ids name results as `steps.<id>`; give each step of a rule its own.",
  },
  UNKNOWN_ROOT: {
    severity: "error",
    fix: "Templates and conditions read `event`, `data`, `website`, `settings`, `plugin`, `steps` and `now`; fix the first word of the path.",
  },
  UNKNOWN_SETTING: {
    severity: "error",
    fix: "The path reads a setting the settings schema does not declare: it would always be empty. Fix its name, or declare it under `settings.properties`.",
  },
  UNKNOWN_EVENT_FIELD: {
    severity: "error",
    fix: "The rule's events have no such field (as crisp-api describes their payloads): it would always be empty. Fix the name; fields under a free-form object such as `data.data` are not checked.",
  },
  UNKNOWN_STEP: {
    severity: "error",
    fix: "`steps.<id>` reads the result of an earlier step of the same rule with that `id`, and only fields its action's result has; fix the id or the field, or give the step an `id`.",
  },
  SETTING_MAY_BE_EMPTY: {
    severity: "warning",
    fix: "A website may leave this setting empty: add it to `settings.required`, or give it a `default`.",
  },
  RULE_LOOP: {
    severity: "warning",
    fix: "These rules cause the events that run each other (their actions' echoes on Crisp) and nothing stops it: add `once` or `cooldown` to one of them, a condition the event makes false, or leave `include_own_events` out so the loop guard skips the plugin's own events. `crisp-plugin graph` draws the links.",
  },
  CONFLICTING_WRITES: {
    severity: "warning",
    fix: "Two rules run on the same event and set one field to different values; the one that runs last wins. Give them conditions that exclude each other, or merge them.",
  },
  RULE_NEVER_RUNS: {
    severity: "warning",
    fix: "An earlier rule on the same events always stops the rules after it (`stop: { rules: true }`), or the rule's conditions cannot all hold. Move the rule, give the stopping rule a condition, or fix the conditions.",
  },
  INVALID_REGEX: {
    severity: "error",
    fix: "The pattern (`matches`, or `pattern` in the settings schema) is not a valid JavaScript regular expression.",
  },
  UNSAFE_REGEX: {
    severity: "error",
    fix: "Patterns run on RE2, which matches in linear time and has no back references (`\\1`, `\\k<name>`) or look-around (`(?=`, `(?!`, `(?<=`, `(?<!`). Rewrite the pattern without them, or test what it guards with another condition.",
  },
  INVALID_TIMEZONE: {
    severity: "error",
    fix: "A `time:` condition's `timezone` is an IANA name such as `Europe/Paris` or `America/New_York` (or a template giving one).",
  },
  TEMPLATE_SYNTAX: {
    severity: "error",
    fix: "The Handlebars template does not parse: check `{{` and `}}` pairs and block helpers (`{{#if}}...{{/if}}`).",
  },
  INVALID_SETTINGS_SCHEMA: { severity: "error", fix: "`settings:` must itself be a valid JSON Schema (draft-07)." },
  SETTINGS_FORM_UNSUPPORTED: {
    severity: "warning",
    fix: "The settings page draws strings, numbers, integers, booleans, lists of strings and nested objects with `properties`; it leaves this part out (its saved value is kept on save). Simplify it, or expect administrators to change it another way.",
  },
  HOOKS_OUTSIDE_FOLDER: {
    severity: "error",
    fix: "`hooks:` must name a file inside the manifest's folder (symbolic links are resolved); the hooks module is code the plugin runs, so it lives beside plugin.yaml.",
  },
  HOOKS_NOT_FOUND: {
    severity: "error",
    fix: "`hooks:` names a file relative to plugin.yaml; create it or fix the path.",
  },
  HOOKS_LOAD_FAILED: {
    severity: "error",
    fix: "The hooks module threw or does not parse when loaded, or its default export is not `defineHooks({...})`; the message has the cause.",
  },
  TYPES_STALE: {
    severity: "warning",
    fix: "The `.d.ts` that `crisp-plugin types` wrote next to the manifest types the hooks against an older version of it; run `crisp-plugin types` again.",
  },
  UNKNOWN_HOOK: {
    severity: "error",
    fix: "A step names `hook:<name>` but the hooks module defines no hook of that name.",
  },
  MISSING_SCOPE: {
    severity: "error",
    fix: "Add the scope (with the access shown) under `scopes:`, or a production token will be refused the call.",
  },
  DUPLICATE_SCOPE: { severity: "error", fix: "List each scope once, with all the access it needs." },
  UNUSED_SCOPE: {
    severity: "warning",
    fix: "No rule needs this scope (or this access); Crisp's review asks for the least privilege, so remove it unless a hook uses it.",
  },
  HOST_NOT_ALLOWED: {
    severity: "error",
    fix: "Add the host to `http.allow`, or the `http` action will refuse the request.",
  },
  LISTING_INCOMPLETE: { severity: "error", fix: "The Marketplace asks for this listing field before a submission." },
  LISTING_PLACEHOLDER: {
    severity: "error",
    fix: "The listing text is a placeholder (`x`, `TODO`, `lorem ipsum`) or too short to tell a user what the plugin does: write the real text.",
  },
  LOGO_NOT_FOUND: {
    severity: "error",
    fix: "`plugin.listing.logo` names an image file relative to plugin.yaml; add it or fix the path.",
  },
  NO_SCOPES: { severity: "error", fix: "A production token is requested with at least one scope." },
  SCOPE_WITHOUT_JUSTIFICATION: {
    severity: "error",
    fix: "Crisp's review reads a justification for every scope: add a `why:` that says what the plugin uses it for (at least 20 characters, no placeholder).",
  },
  INSECURE_URL: {
    severity: "error",
    fix: "Marketplace URLs must use https (support may also be an e-mail address, shown as `mailto:`).",
  },
  WIDGET_SHAPE: {
    severity: "error",
    fix: "A widget is either a Generic widget (`sections:`) or an iFrame widget (`url:`), not both; see docs/widgets.md.",
  },
  DUPLICATE_WIDGET_ID: {
    severity: "error",
    fix: "Crisp tells the plugin which item was used by its id: give every section and item of the widget its own id.",
  },
  WIDGET_TEMPLATE: {
    severity: "error",
    fix: "Widget texts are not Handlebars templates: Crisp fills its own bindings, written with single braces, such as `{conversation.meta.email}`.",
  },
  UNKNOWN_WIDGET_BINDING: {
    severity: "error",
    fix: "A Crisp binding starts with `conversation.` or `operator.`, such as `{conversation.session_id}` or `{operator.user_id}`.",
  },
  WIDGET_EVENT_WITHOUT_WIDGET: {
    severity: "error",
    fix: "`widget:data` and `widget:button` come from the widget: declare one under `widget:`, or listen to another event.",
  },
  UNKNOWN_WIDGET_ITEM: {
    severity: "error",
    fix: "Filter on the id of an item of `widget:` (`data.item_id`), or add the item.",
  },
  REPLY_OUTSIDE_WIDGET: {
    severity: "error",
    fix: "`reply` answers the widget: use it only in rules listening to `widget:data` or `widget:button`.",
  },
  WIDGET_DATA_UNANSWERED: {
    severity: "warning",
    fix: "This data item has no `value:`, so Crisp asks the plugin for one: add a rule on `widget:data` with a `reply` step, or give it a value.",
  },
  WIDGET_BUTTON_UNHANDLED: {
    severity: "warning",
    fix: "Pressing this button sends a `widget:button` event that no rule handles: add a rule for it.",
  },
} as const satisfies Record<string, { severity: "error" | "warning"; fix: string }>;

/** A code from {@link PROBLEM_CODES}. */
export type ProblemCode = keyof typeof PROBLEM_CODES;
