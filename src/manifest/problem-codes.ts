/**
 * Every code `validate`, `scopes --check` and `check --submission` can report, in one place.
 * The README's troubleshooting table is generated from this list (`npm run docs`).
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
  INVALID_REGEX: { severity: "error", fix: "The `matches` pattern is not a valid JavaScript regular expression." },
  UNSAFE_REGEX: {
    severity: "error",
    fix: "The pattern nests repetition (like `(a+)+`), which can take exponential time on some input. Rewrite it without nested quantifiers.",
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
  LOGO_NOT_FOUND: {
    severity: "error",
    fix: "`plugin.listing.logo` names an image file relative to plugin.yaml; add it or fix the path.",
  },
  NO_SCOPES: { severity: "error", fix: "A production token is requested with at least one scope." },
  SCOPE_WITHOUT_JUSTIFICATION: {
    severity: "error",
    fix: "Crisp's review reads a justification for every scope; add `why:`.",
  },
  INSECURE_URL: { severity: "error", fix: "Marketplace URLs must use https (support may also be `mailto:`)." },
} as const satisfies Record<string, { severity: "error" | "warning"; fix: string }>;

/** A code from {@link PROBLEM_CODES}. */
export type ProblemCode = keyof typeof PROBLEM_CODES;
