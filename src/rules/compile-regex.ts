import safeRegex from "safe-regex2";
import { invalidCondition } from "./invalid-condition.js";

/**
 * `matches` tests only this many first characters of a value. With safe patterns the match is
 * linear, but a 1 MB message would still cost milliseconds per rule; the start of a message is
 * what rules look at.
 */
export const MAX_MATCHED_LENGTH = 10_000;

const FLAGS = /^[imsu]*$/;

/**
 * Compiles a `matches` operand (`"pattern"` or `{ pattern, flags }`) once. Throws a `KitError`
 * for an invalid pattern, flags other than `i`, `m`, `s`, `u` (`g` and `y` would make `test`
 * remember its last position between events), or a pattern that safe-regex2 finds can backtrack
 * catastrophically.
 */
export function compileRegex(operand: unknown, at: string): RegExp {
  const { pattern, flags } = readOperand(operand, at);
  if (!FLAGS.test(flags)) throw invalidCondition(at, `flags "${flags}" are not allowed; use i, m, s and u only`);
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, flags);
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split(": ").at(-1) ?? error.message) : String(error);
    throw invalidCondition(at, `${JSON.stringify(pattern)} is not a valid regular expression: ${reason}`, error);
  }
  if (!safeRegex(regex)) {
    throw invalidCondition(at, `${JSON.stringify(pattern)} nests repetition and can backtrack catastrophically`);
  }
  return regex;
}

function readOperand(operand: unknown, at: string): { pattern: string; flags: string } {
  if (typeof operand === "string") return { pattern: operand, flags: "" };
  if (typeof operand === "object" && operand !== null) {
    const { pattern, flags } = operand as { pattern?: unknown; flags?: unknown };
    if (typeof pattern === "string" && (flags === undefined || typeof flags === "string")) {
      return { pattern, flags: flags ?? "" };
    }
  }
  throw invalidCondition(at, "expected a pattern, or { pattern, flags }");
}
