import { toNumber } from "./compare-values.js";

// Data from Crisp and YAML is shallow; a depth bound keeps hostile nesting from overflowing the stack.
const MAX_DEPTH = 32;

/**
 * Whether two values are equal, as `equals`, `in`, `contains` and the `eq` helper see it: the same
 * JSON value (lists and objects compared item by item), or a string and a number or boolean that
 * it spells (`"5"` equals `5`, `"true"` equals `true`), because templated operands always render
 * as text. Strings are compared exactly, case included.
 */
export function valuesEqual(left: unknown, right: unknown, depth = 0): boolean {
  if (left === right) return true;
  if (typeof left === "string" || typeof right === "string") return textEquals(left, right);
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(left) && Array.isArray(right)) return listsEqual(left, right, depth);
  if (isRecord(left) && isRecord(right)) return recordsEqual(left, right, depth);
  return false;
}

function textEquals(left: unknown, right: unknown): boolean {
  const [text, other] = typeof left === "string" ? [left, right] : [right as string, left];
  if (typeof other === "boolean") return text === String(other);
  if (typeof other === "number") return toNumber(text) === other;
  return false;
}

function listsEqual(left: readonly unknown[], right: readonly unknown[], depth: number): boolean {
  return left.length === right.length && left.every((item, index) => valuesEqual(item, right[index], depth + 1));
}

function recordsEqual(left: Record<string, unknown>, right: Record<string, unknown>, depth: number): boolean {
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.hasOwn(right, key) && valuesEqual(left[key], right[key], depth + 1));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
