import { isJsonObject } from "./json-object.js";
import { parseDataRecord } from "./parse-data-record.js";
import type { ConversationMeta } from "./simulated-conversation.js";

const TEXT_FIELDS = ["nickname", "email", "phone", "subject", "address", "avatar", "ip", "origin"] as const;
type TextField = (typeof TEXT_FIELDS)[number];

/**
 * Applies an `updateConversationMetas` body to a copy of the metas, the way Crisp does: text fields
 * and `segments` replace, `data` keys merge into the existing ones. Keys Crisp does not know are
 * refused, so a runtime typo shows up as `400 invalid_data` in tests instead of passing silently.
 * Answers the new metas, or a problem (a string).
 */
export function mergeConversationMeta(meta: ConversationMeta, patch: unknown): ConversationMeta | string {
  if (!isJsonObject(patch)) return "the body must be an object of metas";
  const merged: ConversationMeta = structuredClone(meta);
  for (const [key, value] of Object.entries(patch)) {
    const problem = applyField(merged, key, value);
    if (problem !== undefined) return problem;
  }
  return merged;
}

function applyField(meta: ConversationMeta, key: string, value: unknown): string | undefined {
  if (key === "segments") {
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
      return "segments must be an array of strings";
    }
    meta.segments = [...value];
    return undefined;
  }
  if (key === "data") {
    const data = parseDataRecord(value, "data");
    if (typeof data === "string") return data;
    meta.data = Object.fromEntries([...Object.entries(meta.data), ...Object.entries(data)]);
    return undefined;
  }
  if (!isTextField(key)) return `"${key}" is not a conversation meta the simulator knows`;
  if (typeof value !== "string") return `${key} must be a string`;
  meta[key] = value;
  return undefined;
}

function isTextField(key: string): key is TextField {
  return (TEXT_FIELDS as readonly string[]).includes(key);
}
