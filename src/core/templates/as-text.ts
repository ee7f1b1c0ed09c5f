/**
 * The text of a scalar: strings as they are, numbers and booleans written out; undefined for
 * anything else (objects, lists, null), so callers decide what an absent text means.
 */
export function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  return undefined;
}
