import type { ScopeNeed } from "../../../core/crisp/scope-catalog.js";
import { messageEvent } from "../caused-events.js";
import { isJsonObject } from "../json-object.js";
import type { RouteDefinition } from "../route-definition.js";
import { fail, ok, type RouteResult } from "../route-result.js";
import type { SimulatedConversation, SimulatedMessage } from "../simulated-conversation.js";
import { defineConversationRoute } from "./define-conversation-route.js";
import { messageInputFromBody } from "./message-input-from-body.js";

const MESSAGES_READ: ScopeNeed = { scope: "website:conversation:messages", access: "read" };
const MESSAGES_WRITE: ScopeNeed = { scope: "website:conversation:messages", access: "write" };

/** Messages answered per call; Crisp's batch size is undocumented, callers page with timestamps. */
const MESSAGES_PER_BATCH = 40;

/** Sending, listing and acknowledging messages (`website:conversation:messages`). */
export const conversationMessageRoutes: readonly RouteDefinition[] = [
  defineConversationRoute({
    name: "sendMessageInConversation",
    method: "POST",
    suffix: "/message",
    scope: MESSAGES_WRITE,
    handle: (request, conversation, env) => {
      const input = messageInputFromBody(request.body);
      if (typeof input === "string") return fail(400, "invalid_data", input);
      const message = env.state.addMessage(conversation, input);
      return ok({ fingerprint: message.fingerprint }, [messageEvent(message)]);
    },
  }),
  defineConversationRoute({
    name: "getMessagesInConversation",
    method: "GET",
    suffix: "/messages",
    scope: MESSAGES_READ,
    handle: (request, conversation) => listMessages(conversation, request.query),
  }),
  defineConversationRoute({
    name: "markMessagesReadInConversation",
    method: "PATCH",
    suffix: "/read",
    scope: MESSAGES_WRITE,
    handle: (request, conversation) => markRead(conversation, request.body),
  }),
];

/** The last batch before/after the given timestamps, or the batch nearest `timestamp_around`; oldest first. */
function listMessages(conversation: SimulatedConversation, query: URLSearchParams): RouteResult {
  const [before, after, around] = ["timestamp_before", "timestamp_after", "timestamp_around"].map((name) =>
    query.has(name) ? Number(query.get(name)) : undefined,
  );
  if ([before, after, around].some((value) => value !== undefined && !Number.isFinite(value))) {
    return fail(400, "invalid_data", "timestamps must be numbers (milliseconds)");
  }
  const inRange = conversation.messages.filter(
    (message) =>
      (before === undefined || message.timestamp < before) && (after === undefined || message.timestamp > after),
  );
  if (around === undefined) return ok(inRange.slice(-MESSAGES_PER_BATCH));
  const nearest = [...inRange]
    .sort((a, b) => Math.abs(a.timestamp - around) - Math.abs(b.timestamp - around))
    .slice(0, MESSAGES_PER_BATCH);
  return ok(nearest.sort((a, b) => a.timestamp - b.timestamp));
}

/**
 * `{ from, origin, fingerprints? }`: the `from` side read the other side's messages, all of them or
 * those fingerprints. Fingerprints may come as strings, as in crisp-api's README example.
 */
function markRead(conversation: SimulatedConversation, body: unknown): RouteResult {
  if (!isJsonObject(body)) return fail(400, "invalid_data", "the body must be an object");
  const { from, origin, fingerprints } = body;
  if (from !== "user" && from !== "operator") return fail(400, "invalid_data", 'from must be "user" or "operator"');
  if (origin !== undefined && typeof origin !== "string") return fail(400, "invalid_data", "origin must be a string");
  if (fingerprints !== undefined && !Array.isArray(fingerprints)) {
    return fail(400, "invalid_data", "fingerprints must be an array");
  }
  const wanted = fingerprints?.map(Number);
  const isWanted = (message: SimulatedMessage): boolean =>
    message.from !== from && (wanted === undefined || wanted.includes(message.fingerprint));
  for (const message of conversation.messages.filter(isWanted)) message.read = origin ?? "chat";
  return ok();
}
