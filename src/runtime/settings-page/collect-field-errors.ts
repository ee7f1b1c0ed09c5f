import type { SettingsIssue } from "../websites/create-settings-validator.js";
import { describeSettingsIssue } from "./describe-settings-issue.js";
import type { FieldProblem } from "./parse-settings-form.js";
import type { SettingsField } from "../../core/settings/settings-field.js";
import type { UiText } from "./ui-text.js";

/** Error messages by field pointer, and those about values the form does not draw. */
export interface FieldErrors {
  readonly byPointer: ReadonlyMap<string, string>;
  readonly loose: readonly { readonly label: string; readonly message: string }[];
}

/**
 * Puts each problem next to its field: a problem reading the form first, then the schema's
 * errors, each on the field of its pointer or of the closest field above it (an error on the third
 * line of a list goes to the list). One message per field, the first.
 */
export function collectFieldErrors(
  fields: readonly SettingsField[],
  problems: ReadonlyMap<string, FieldProblem>,
  issues: readonly SettingsIssue[],
  text: UiText,
): FieldErrors {
  const pointers = new Set(flatten(fields).map((field) => field.pointer));
  const byPointer = new Map<string, string>();
  const loose: { label: string; message: string }[] = [];
  for (const [pointer, problem] of problems) byPointer.set(pointer, describeSettingsIssue(problem, text));
  for (const issue of issues) {
    const pointer = closestField(issue.pointer, pointers);
    const message = describeSettingsIssue(issue, text);
    if (pointer === undefined) loose.push({ label: issue.pointer === "" ? text.heading : issue.pointer, message });
    else if (!byPointer.has(pointer)) byPointer.set(pointer, message);
  }
  return { byPointer, loose };
}

function closestField(pointer: string, pointers: ReadonlySet<string>): string | undefined {
  for (let at = pointer; at !== ""; at = at.slice(0, at.lastIndexOf("/"))) {
    if (pointers.has(at)) return at;
  }
  return undefined;
}

function flatten(fields: readonly SettingsField[]): SettingsField[] {
  return fields.flatMap((field) => [field, ...(field.control === "group" ? flatten(field.fields) : [])]);
}
