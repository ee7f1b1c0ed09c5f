import { isJsonObject } from "../json-object.js";
import type { MessageInput } from "../simulator-state.js";
import { checkMessageContent } from "./check-message-content.js";

const MESSAGE_TYPES = ["text", "note", "file", "animation", "audio", "picker", "field", "carousel", "event"];

/** The body fields crisp-api's `ConversationMessageNew` types (`mentions` for notes). */
const BODY_FIELDS = new Set([
  "type",
  "from",
  "origin",
  "content",
  "fingerprint",
  "user",
  "references",
  "original",
  "properties",
  "timestamp",
  "stealth",
  "translated",
  "automated",
  "mentions",
]);

/** The fields of crisp-api's `ConversationMessageUser`. */
const USER_FIELDS = new Set(["type", "user_id", "nickname", "avatar"]);

/**
 * Reads a `sendMessageInConversation` body into a message to store: `type`, `from` and `origin`
 * are required, `content` must be a string for text and notes and an object otherwise, and
 * `fingerprint`, `user`, `stealth`, `automated` are kept when valid. Answers a problem (a string)
 * for anything Crisp would refuse.
 */
export function messageInputFromBody(body: unknown): MessageInput | string {
  if (!isJsonObject(body)) return "the body must be a message object";
  const unknown = Object.keys(body).find((key) => !BODY_FIELDS.has(key));
  if (unknown !== undefined) return `"${unknown}" is not a message field Crisp knows`;
  const { type, from, origin, content, fingerprint, user, stealth, automated } = body;
  if (typeof type !== "string" || !MESSAGE_TYPES.includes(type))
    return `type must be one of ${MESSAGE_TYPES.join(", ")}`;
  if (from !== "user" && from !== "operator") return 'from must be "user" or "operator"';
  if (typeof origin !== "string" || origin === "") return 'origin must be a string ("chat" or a plugin URN)';
  const contentProblem = checkMessageContent(type, content);
  if (contentProblem !== undefined) return contentProblem;
  if (fingerprint !== undefined && !Number.isSafeInteger(fingerprint)) return "fingerprint must be an integer";
  const userProblem = checkUser(user);
  if (userProblem !== undefined) return userProblem;
  if (stealth !== undefined && typeof stealth !== "boolean") return "stealth must be a boolean";
  if (automated !== undefined && typeof automated !== "boolean") return "automated must be a boolean";
  return {
    type,
    from,
    origin,
    content,
    ...(typeof fingerprint === "number" ? { fingerprint } : {}),
    ...(isJsonObject(user) ? { user } : {}),
    ...(stealth === undefined ? {} : { stealth }),
    ...(automated === undefined ? {} : { automated }),
  };
}

function checkUser(user: unknown): string | undefined {
  if (user === undefined) return undefined;
  if (!isJsonObject(user)) return "user must be an object";
  const wrong = Object.entries(user).find(([key, value]) => !USER_FIELDS.has(key) || typeof value !== "string");
  return wrong === undefined ? undefined : `user.${wrong[0]} must be one of ${[...USER_FIELDS].join(", ")}, a string`;
}
