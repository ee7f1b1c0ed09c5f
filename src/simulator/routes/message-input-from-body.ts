import { isJsonObject } from "../json-object.js";
import type { MessageInput } from "../simulator-state.js";

const MESSAGE_TYPES = ["text", "note", "file", "animation", "audio", "picker", "field", "carousel", "event"];
const TEXT_TYPES = ["text", "note"];

/**
 * Reads a `sendMessageInConversation` body into a message to store: `type`, `from` and `origin`
 * are required, `content` must be a string for text and notes and an object otherwise, and
 * `fingerprint`, `user`, `stealth`, `automated` are kept when valid. Answers a problem (a string)
 * for anything Crisp would refuse.
 */
export function messageInputFromBody(body: unknown): MessageInput | string {
  if (!isJsonObject(body)) return "the body must be a message object";
  const { type, from, origin, content, fingerprint, user, stealth, automated } = body;
  if (typeof type !== "string" || !MESSAGE_TYPES.includes(type))
    return `type must be one of ${MESSAGE_TYPES.join(", ")}`;
  if (from !== "user" && from !== "operator") return 'from must be "user" or "operator"';
  if (typeof origin !== "string" || origin === "") return 'origin must be a string ("chat" or a plugin URN)';
  const contentProblem = checkContent(type, content);
  if (contentProblem !== undefined) return contentProblem;
  if (fingerprint !== undefined && !Number.isSafeInteger(fingerprint)) return "fingerprint must be an integer";
  if (user !== undefined && !isJsonObject(user)) return "user must be an object";
  if (stealth !== undefined && typeof stealth !== "boolean") return "stealth must be a boolean";
  if (automated !== undefined && typeof automated !== "boolean") return "automated must be a boolean";
  return {
    type,
    from,
    origin,
    content,
    ...(typeof fingerprint === "number" ? { fingerprint } : {}),
    ...(user === undefined ? {} : { user }),
    ...(stealth === undefined ? {} : { stealth }),
    ...(automated === undefined ? {} : { automated }),
  };
}

function checkContent(type: string, content: unknown): string | undefined {
  if (TEXT_TYPES.includes(type)) {
    return typeof content === "string" && content !== ""
      ? undefined
      : `content of a ${type} message must be a non-empty string`;
  }
  return isJsonObject(content) ? undefined : `content of a ${type} message must be an object`;
}
