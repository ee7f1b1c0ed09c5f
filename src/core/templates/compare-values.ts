// A number written as text: "42", "-3.5", "1e3". Bounded so that a huge string is never scanned.
const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const MAX_NUMBER_TEXT = 40;

/**
 * Orders two values the way `gt`/`lt` conditions and helpers do: numbers (and strings that look
 * like numbers, since settings and Crisp data often carry numbers as text) numerically; other
 * strings by code unit, which orders ISO 8601 dates correctly. Returns a negative number, zero or a
 * positive number, or undefined when the two cannot be compared (a missing value, a list...).
 */
export function compareValues(left: unknown, right: unknown): number | undefined {
  const a = toNumber(left);
  const b = toNumber(right);
  if (a !== undefined && b !== undefined) return Math.sign(a - b);
  if (typeof left === "string" && typeof right === "string") return left < right ? -1 : left > right ? 1 : 0;
  return undefined;
}

/** The number a value stands for, or undefined. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isNaN(value) ? undefined : value;
  if (typeof value !== "string" || value.length > MAX_NUMBER_TEXT) return undefined;
  const text = value.trim();
  return NUMBER_TEXT.test(text) ? Number(text) : undefined;
}
