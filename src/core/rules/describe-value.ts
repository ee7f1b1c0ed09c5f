const MAX_SHOWN = 80;

/**
 * A value as shown in a failure reason: text quoted, lists and objects as JSON, everything cut to
 * about 80 characters so that a long message cannot flood a log line; `not set` when undefined.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "not set";
  if (typeof value === "string") return JSON.stringify(shorten(value));
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (typeof value === "object") return shorten(safeJson(value));
  return typeof value;
}

/** `path "value"`, or `path (not set)`: the subject of a sentence such as `... does not match /x/`. */
export function describeSubject(path: string, value: unknown): string {
  return value === undefined ? `${path} (not set)` : `${path} ${describeValue(value)}`;
}

function shorten(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

function safeJson(value: object): string {
  try {
    return JSON.stringify(value);
  } catch {
    return Array.isArray(value) ? "a list" : "an object";
  }
}
