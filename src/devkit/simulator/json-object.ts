/** A JSON object as parsed from a request body: string keys, values not yet checked. */
export type JsonObject = Record<string, unknown>;

/** True for a JSON object: not `null`, not an array. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
