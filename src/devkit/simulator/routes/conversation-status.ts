import type { ScopeNeed } from "../../../core/crisp/scope-catalog.js";
import { sessionEvent } from "../caused-events.js";
import { isJsonObject } from "../json-object.js";
import type { RouteDefinition } from "../route-definition.js";
import { fail, ok, type RouteResult } from "../route-result.js";
import type { ConversationState, SimulatedConversation } from "../simulated-conversation.js";
import { defineConversationRoute } from "./define-conversation-route.js";

const STATES: readonly ConversationState[] = ["pending", "unresolved", "resolved"];

function need(scope: ScopeNeed["scope"], access: ScopeNeed["access"]): ScopeNeed {
  return { scope, access };
}

/** State, routing assignment and blocking: each read and written as a small document. */
export const conversationStatusRoutes: readonly RouteDefinition[] = [
  defineConversationRoute({
    name: "getConversationState",
    method: "GET",
    suffix: "/state",
    scope: need("website:conversation:states", "read"),
    handle: (_request, conversation) => ok({ state: conversation.state }),
  }),
  defineConversationRoute({
    name: "changeConversationState",
    method: "PATCH",
    suffix: "/state",
    scope: need("website:conversation:states", "write"),
    handle: (request, conversation) => changeState(conversation, request.body),
  }),
  defineConversationRoute({
    name: "getConversationRoutingAssign",
    method: "GET",
    suffix: "/routing",
    scope: need("website:conversation:routing", "read"),
    // Unassigned: no `assigned` key, as crisp-api's `Conversation.assigned?` suggests.
    handle: (_request, conversation) =>
      ok(conversation.assigned === undefined ? {} : { assigned: conversation.assigned }),
  }),
  defineConversationRoute({
    name: "assignConversationRouting",
    method: "PATCH",
    suffix: "/routing",
    scope: need("website:conversation:routing", "write"),
    handle: (request, conversation) => assign(conversation, request.body),
  }),
  defineConversationRoute({
    name: "getBlockStatusForConversation",
    method: "GET",
    suffix: "/block",
    scope: need("website:conversation:actions", "read"),
    handle: (_request, conversation) => ok({ blocked: conversation.is_blocked }),
  }),
  defineConversationRoute({
    name: "blockIncomingMessagesForConversation",
    method: "PATCH",
    suffix: "/block",
    scope: need("website:conversation:actions", "write"),
    handle: (request, conversation) => block(conversation, request.body),
  }),
];

function changeState(conversation: SimulatedConversation, body: unknown): RouteResult {
  const state = isJsonObject(body) ? body.state : undefined;
  if (!STATES.includes(state as ConversationState))
    return fail(400, "invalid_data", `state must be one of ${STATES.join(", ")}`);
  conversation.state = state as ConversationState;
  return ok({}, [sessionEvent(conversation, "session:set_state", { state: conversation.state })]);
}

/** `{ assigned: { user_id } }` routes to an operator; no `user_id` (or `assigned: null`) unassigns. */
function assign(conversation: SimulatedConversation, body: unknown): RouteResult {
  if (!isJsonObject(body) || !("assigned" in body)) return fail(400, "invalid_data", "assigned is required");
  const assigned = body.assigned;
  if (assigned !== null && !isJsonObject(assigned)) return fail(400, "invalid_data", "assigned must be an object");
  const userId = assigned?.user_id;
  if (userId === undefined || userId === null) {
    delete conversation.assigned;
    return ok();
  }
  if (typeof userId !== "string" || userId === "")
    return fail(400, "invalid_data", "assigned.user_id must be a string");
  conversation.assigned = { user_id: userId };
  return ok();
}

function block(conversation: SimulatedConversation, body: unknown): RouteResult {
  const blocked = isJsonObject(body) ? body.blocked : undefined;
  if (typeof blocked !== "boolean") return fail(400, "invalid_data", "blocked must be a boolean");
  conversation.is_blocked = blocked;
  return ok({}, [sessionEvent(conversation, "session:set_block", { is_blocked: blocked })]);
}
