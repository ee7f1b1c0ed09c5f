import type { SettingsIssue } from "../websites/create-settings-validator.js";
import type { FieldProblem } from "./parse-settings-form.js";
import type { MessageKey, UiText } from "./ui-text.js";

/** The ajv keywords whose limit is `params.limit`, worded by the page. */
const LIMITED: ReadonlySet<string> = new Set([
  "minLength",
  "maxLength",
  "minimum",
  "exclusiveMinimum",
  "maximum",
  "exclusiveMaximum",
  "minItems",
  "maxItems",
]);

/**
 * Words why a value was refused, for the person filling the form, in the page's language: a
 * problem found while reading the form, or an ajv error; a keyword the page does not word keeps
 * ajv's English message.
 */
export function describeSettingsIssue(issue: FieldProblem | SettingsIssue, text: UiText): string {
  if (issue === "not-a-number") return text.messages.notANumber;
  if (issue === "not-an-option") return text.messages.notAnOption;
  const say = (key: MessageKey, limit?: unknown): string =>
    text.messages[key].replace("{n}", typeof limit === "number" || typeof limit === "string" ? String(limit) : "");
  const { keyword, params } = issue;
  if (LIMITED.has(keyword)) {
    if (keyword === "minLength" && params.limit === 1) return say("required");
    return say(keyword as MessageKey, params.limit);
  }
  switch (keyword) {
    case "required":
      return say("required");
    case "type":
      return params.type === "integer"
        ? say("notAnInteger")
        : params.type === "number"
          ? say("notANumber")
          : issue.message;
    case "enum":
      return say("notAnOption");
    case "multipleOf":
      return say("multipleOf", params.multipleOf);
    case "pattern":
      return say("pattern");
    case "uniqueItems":
      return say("uniqueItems");
    case "format":
      if (params.format === "email") return say("email");
      if (params.format === "uri" || params.format === "url" || params.format === "iri") return say("url");
      return say("format", params.format);
    default:
      return issue.message;
  }
}
