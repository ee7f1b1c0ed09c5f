import { isPlain } from "../../core/manifest/walk-rules.js";
import { describeValue } from "../../core/rules/describe-value.js";

/**
 * The first place where `actual` does not contain `expected`, as a sentence
 * (`with.content: expected "Hi", got "Hello"`), or undefined when it does. Containment is deep:
 * an object matches when each of its keys matches (extra keys in `actual` are fine, so a test pins
 * only what it cares about); a list matches a list of the same length, item by item, because the
 * order and number of items (segments, buttons) are usually the point; anything else must be
 * strictly equal, so `42` does not match the rendered text `"42"`.
 */
export function findSubsetMismatch(expected: unknown, actual: unknown, path: string): string | undefined {
  if (Array.isArray(expected)) return findListMismatch(expected, actual, path);
  if (isPlain(expected)) return findObjectMismatch(expected, actual, path);
  if (expected === actual) return undefined;
  return `${path}: expected ${describeValue(expected)}, got ${describeValue(actual)}`;
}

function findListMismatch(expected: readonly unknown[], actual: unknown, path: string): string | undefined {
  if (!Array.isArray(actual)) return `${path}: expected a list, got ${describeValue(actual)}`;
  if (actual.length !== expected.length) {
    return `${path}: expected ${expected.length} items, got ${actual.length}: ${describeValue(actual)}`;
  }
  for (const [index, item] of expected.entries()) {
    const mismatch = findSubsetMismatch(item, actual[index], `${path}[${index}]`);
    if (mismatch !== undefined) return mismatch;
  }
  return undefined;
}

function findObjectMismatch(
  expected: Readonly<Record<string, unknown>>,
  actual: unknown,
  path: string,
): string | undefined {
  if (!isPlain(actual)) return `${path}: expected an object, got ${describeValue(actual)}`;
  for (const [key, value] of Object.entries(expected)) {
    // Own keys only: a key such as `constructor` must not match what every object inherits.
    const got = Object.hasOwn(actual, key) ? actual[key] : undefined;
    const mismatch = findSubsetMismatch(value, got, `${path}.${key}`);
    if (mismatch !== undefined) return mismatch;
  }
  return undefined;
}
