import { asText } from "../templates/as-text.js";
import { compareValues } from "../templates/compare-values.js";
import type { TemplateEnvironment } from "../templates/create-template-environment.js";
import { valuesEqual } from "../templates/values-equal.js";
import { compileOperand, type Operand } from "./compile-operand.js";
import type { LinearRegex } from "./compile-linear-regex.js";
import { compileRegex, MAX_MATCHED_LENGTH } from "./compile-regex.js";
import { describeSubject, describeValue } from "./describe-value.js";
import { invalidCondition } from "./invalid-condition.js";

/**
 * One operator of `{ path, <operator>: operand }` conditions. It is shared by every condition that
 * uses it: what differs from one condition to the next is the operand, prepared once by `prepare`.
 * Keeping `holds` the same function for every condition of an operator keeps evaluation cheap:
 * a call site sees as many functions as there are operators, not as many as there are conditions.
 */
export interface ValueOperator {
  /** Checks and prepares the operand at load (templates, regular expressions); throws a `KitError`. */
  prepare(operand: unknown, env: TemplateEnvironment, at: string): Operand;
  /** Whether the value read from the path passes, against this evaluation's operand. */
  readonly holds: (value: unknown, operand: unknown) => boolean;
  /** Why it holds (`held`) or not, with the values; called only to explain an outcome. */
  explain(path: string, value: unknown, operand: unknown, held: boolean): string;
}

const templated = (operand: unknown, env: TemplateEnvironment, at: string): Operand => compileOperand(env, operand, at);

/** The operators of value conditions, by manifest name. `holds` only compares. */
export const VALUE_OPERATORS: Readonly<Record<string, ValueOperator>> = {
  equals: {
    prepare: templated,
    holds: (value, expected) => valuesEqual(value, expected),
    explain: (path, value, expected, held) =>
      held
        ? `${path} is ${describeValue(value)}`
        : `${path} is ${describeValue(value)}, expected ${describeValue(expected)}`,
  },
  not_equals: {
    prepare: templated,
    holds: (value, unwanted) => !valuesEqual(value, unwanted),
    explain: (path, value, unwanted, held) =>
      held
        ? `${path} is ${describeValue(value)}, not ${describeValue(unwanted)}`
        : `${path} is ${describeValue(value)}, expected anything else`,
  },
  in: {
    prepare: (operand, env, at) => {
      if (!Array.isArray(operand)) throw invalidCondition(at, "expected a list of values");
      return compileOperand(env, operand, at);
    },
    holds: (value, list) => asList(list).some((item) => valuesEqual(value, item)),
    explain: (path, value, list, held) =>
      `${path} is ${describeValue(value)}, ${held ? "" : "expected "}one of ${asList(list).map(describeValue).join(", ")}`,
  },
  contains: {
    prepare: templated,
    holds: contains,
    explain: (path, value, needle, held) =>
      `${describeSubject(path, value)} ${held ? "contains" : "does not contain"} ${describeValue(needle)}`,
  },
  matches: {
    // The operand is the regular expression, built and checked once.
    prepare: (operand, _env, at) => ({ constant: compileRegex(operand, at), render: undefined }),
    holds: (value, regex) => {
      const text = asText(value);
      return (
        text !== undefined &&
        (regex as LinearRegex).test(text.length > MAX_MATCHED_LENGTH ? text.slice(0, MAX_MATCHED_LENGTH) : text)
      );
    },
    explain: (path, value, regex, held) => {
      const { source, flags } = regex as LinearRegex;
      return `${describeSubject(path, value)} ${held ? "matches" : "does not match"} /${source}/${flags}`;
    },
  },
  starts_with: {
    prepare: templated,
    holds: (value, prefix) => caseless(value, prefix, (text, other) => text.startsWith(other)),
    explain: (path, value, prefix, held) =>
      `${describeSubject(path, value)} ${held ? "starts with" : "does not start with"} ${describeValue(prefix)}`,
  },
  exists: {
    prepare: (operand, _env, at) => {
      if (typeof operand !== "boolean") throw invalidCondition(at, "expected true or false");
      return { constant: operand, render: undefined };
    },
    holds: (value, wanted) => isSet(value) === wanted,
    // The state says it all: `data.nickname is not set` fails `exists: true` and needs no more.
    explain: (path, value) => (isSet(value) ? `${path} is set to ${describeValue(value)}` : `${path} is not set`),
  },
  gt: order("greater than", (sign) => sign > 0),
  gte: order("greater than or equal to", (sign) => sign >= 0),
  lt: order("less than", (sign) => sign < 0),
  lte: order("less than or equal to", (sign) => sign <= 0),
};

function order(words: string, accept: (sign: number) => boolean): ValueOperator {
  return {
    prepare: (operand, env, at) => {
      if (typeof operand !== "number" && typeof operand !== "string")
        throw invalidCondition(at, "expected a number or a string");
      return compileOperand(env, operand, at);
    },
    holds: (value, bound) => {
      const sign = compareValues(value, bound);
      return sign !== undefined && accept(sign);
    },
    explain: (path, value, bound, held) => {
      const subject = describeSubject(path, value);
      if (held) return `${subject} is ${words} ${describeValue(bound)}`;
      if (compareValues(value, bound) === undefined)
        return `${subject} cannot be compared with ${describeValue(bound)}`;
      return `${subject} is not ${words} ${describeValue(bound)}`;
    },
  };
}

// A string contains text ignoring case; a list contains an equal item.
function contains(value: unknown, needle: unknown): boolean {
  if (Array.isArray(value)) return value.some((item) => valuesEqual(item, needle));
  return caseless(value, needle, (text, other) => text.includes(other));
}

function caseless(value: unknown, other: unknown, test: (text: string, other: string) => boolean): boolean {
  const text = asText(value);
  const search = asText(other);
  return text !== undefined && search !== undefined && test(text.toLowerCase(), search.toLowerCase());
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
