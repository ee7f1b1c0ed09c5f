import { isJsonObject } from "./json-object.js";
import type { DataValue } from "./simulated-people.js";

/**
 * Reads custom data (conversation `meta.data`, people data): an object of strings, numbers and
 * booleans, which is all Crisp stores there. Answers a problem (a string) for anything else.
 */
export function parseDataRecord(value: unknown, field: string): Record<string, DataValue> | string {
  if (!isJsonObject(value)) return `${field} must be an object`;
  const entries = Object.entries(value);
  const bad = entries.find(([, item]) => !["string", "number", "boolean"].includes(typeof item));
  if (bad !== undefined) return `${field}.${bad[0]} must be a string, a number or a boolean`;
  // Object.fromEntries defines own properties: a "__proto__" key stays data.
  return Object.fromEntries(entries) as Record<string, DataValue>;
}
