import type { CausedEvent } from "../actions/define-action.js";
import type { ConditionSpec } from "./manifest.js";

/**
 * Which of a rule's conditions the event an action causes makes false, from the payload fields the
 * action's parameters tell (`set_state` with `state: resolved` gives `data.state`), as a phrase;
 * undefined when none is known to be false. Only constant `equals`, `not_equals`, `in` and `exists`
 * on `data.*` are evaluated; everything else may hold.
 */
export function effectRefutes(
  caused: CausedEvent,
  condition: ConditionSpec | readonly ConditionSpec[] | undefined,
): string | undefined {
  if (condition === undefined) return undefined;
  const list: readonly ConditionSpec[] = Array.isArray(condition) ? condition : [condition as ConditionSpec];
  for (const item of list) {
    if (evaluate(caused, item) === false) {
      return `its condition ${describe(item)}, false for ${caused.event} with ${describeData(caused)}`;
    }
  }
  return undefined;
}

/** true or false when the caused event decides the condition, undefined when it cannot be told. */
function evaluate(caused: CausedEvent, condition: ConditionSpec): boolean | undefined {
  if ("all" in condition) {
    const results = condition.all.map((item) => evaluate(caused, item));
    return results.includes(false) ? false : results.every((result) => result === true) ? true : undefined;
  }
  if ("any" in condition) {
    const results = condition.any.map((item) => evaluate(caused, item));
    return results.includes(true) ? true : results.every((result) => result === false) ? false : undefined;
  }
  if ("not" in condition) {
    const inner: readonly ConditionSpec[] = Array.isArray(condition.not)
      ? condition.not
      : [condition.not as ConditionSpec];
    const results = inner.map((item) => evaluate(caused, item));
    const all = results.includes(false) ? false : results.every((result) => result === true) ? true : undefined;
    return all === undefined ? undefined : !all;
  }
  if (!("path" in condition) || !condition.path.startsWith("data.")) return undefined;
  const value = readKnown(caused.data, condition.path.slice("data.".length).split("."));
  if (value === UNKNOWN) return undefined;
  if (isTemplate(condition.equals) || isTemplate(condition.not_equals)) return undefined;
  if (condition.equals !== undefined) return value === condition.equals;
  if (condition.not_equals !== undefined) return value !== condition.not_equals;
  if (condition.in !== undefined && !condition.in.some(isTemplate)) return condition.in.includes(value);
  if (condition.exists !== undefined) return condition.exists === (value !== undefined);
  return undefined;
}

const UNKNOWN = Symbol("unknown");

function readKnown(data: Readonly<Record<string, unknown>>, segments: readonly string[]): unknown {
  let current: unknown = data;
  for (const segment of segments) {
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, segment)) return UNKNOWN;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function isTemplate(value: unknown): boolean {
  return typeof value === "string" && value.includes("{{");
}

/** `data.state equals "resolved"`, or the condition as YAML-ish text when it is not a leaf. */
function describe(condition: ConditionSpec): string {
  if ("path" in condition) {
    const entries: [string, unknown][] = Object.entries(condition);
    const [operator, value] = entries.find(([key]) => key !== "path") ?? ["", ""];
    return `${condition.path} ${operator} ${JSON.stringify(value)}`;
  }
  return JSON.stringify(condition);
}

function describeData(caused: CausedEvent): string {
  return Object.entries(caused.data)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join(", ");
}
