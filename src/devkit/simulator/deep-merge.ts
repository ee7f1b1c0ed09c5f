import { isJsonObject, type JsonObject } from "./json-object.js";

/**
 * Merges `patch` into a copy of `base`: nested objects merge, anything else (arrays included)
 * replaces. Neither argument is modified.
 *
 * Built with `Object.fromEntries` (which defines own properties) rather than assignment, so that a
 * hostile `"__proto__"` key in a request body stays a plain key instead of swapping a prototype.
 */
export function deepMerge(base: JsonObject, patch: JsonObject): JsonObject {
  const merged = new Map<string, unknown>(Object.entries(base));
  for (const [key, value] of Object.entries(patch)) {
    const current = merged.get(key);
    merged.set(key, isJsonObject(current) && isJsonObject(value) ? deepMerge(current, value) : value);
  }
  return Object.fromEntries(merged);
}
