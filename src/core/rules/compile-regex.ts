import { compileLinearRegex, LinearRegexError, type LinearRegex } from "./compile-linear-regex.js";
import { invalidCondition } from "./invalid-condition.js";

/**
 * `matches` tests only this many first characters of a value. Matching is linear (RE2), but a
 * 1 MB message would still cost milliseconds per rule; the start of a message is what rules look at.
 */
export const MAX_MATCHED_LENGTH = 10_000;

const FLAGS = /^[imsu]*$/;

/**
 * Compiles a `matches` operand (`"pattern"` or `{ pattern, flags }`) once, on the linear-time
 * engine. Throws a `KitError` for an invalid pattern, flags other than `i`, `m`, `s`, `u` (`g`
 * and `y` would make `test` remember its last position between events), or a feature that cannot
 * run in linear time (back references, look-around).
 */
export function compileRegex(operand: unknown, at: string): LinearRegex {
  const { pattern, flags } = readOperand(operand, at);
  if (!FLAGS.test(flags)) throw invalidCondition(at, `flags "${flags}" are not allowed; use i, m, s and u only`);
  try {
    return compileLinearRegex(pattern, flags);
  } catch (error) {
    if (error instanceof LinearRegexError) throw invalidCondition(at, error.message, error);
    throw error;
  }
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
