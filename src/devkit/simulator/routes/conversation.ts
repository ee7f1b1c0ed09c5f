import type { ScopeNeed } from "../../../core/crisp/scope-catalog.js";
import { metaEvents } from "../caused-events.js";
import type { JsonObject } from "../json-object.js";
import { mergeConversationMeta } from "../merge-conversation-meta.js";
import type { RouteDefinition } from "../route-definition.js";
import { fail, ok } from "../route-result.js";
import type { SimulatedConversation } from "../simulated-conversation.js";
import { defineConversationRoute } from "./define-conversation-route.js";

const SESSIONS_READ: ScopeNeed = { scope: "website:conversation:sessions", access: "read" };
const SESSIONS_WRITE: ScopeNeed = { scope: "website:conversation:sessions", access: "write" };

/** Conversations and their metas: what `website:conversation:sessions` (and `:initiate`) cover. */
export const conversationRoutes: readonly RouteDefinition[] = [
  {
    kind: "website",
    name: "createNewConversation",
    method: "POST",
    path: "website/:website_id/conversation",
    scope: { scope: "website:conversation:initiate", access: "write" },
    handle: (_request, env, website) => {
      const conversation = env.state.createConversation(website.website_id);
      return ok({ session_id: conversation.session_id });
    },
  },
  defineConversationRoute({
    name: "getConversation",
    method: "GET",
    suffix: "",
    scope: SESSIONS_READ,
    handle: (_request, conversation) => ok(conversationView(conversation)),
  }),
  defineConversationRoute({
    name: "checkConversationExists",
    method: "HEAD",
    suffix: "",
    scope: SESSIONS_READ,
    handle: () => ok(),
  }),
  defineConversationRoute({
    name: "getConversationMetas",
    method: "GET",
    suffix: "/meta",
    scope: SESSIONS_READ,
    handle: (_request, conversation) => ok(conversation.meta),
  }),
  defineConversationRoute({
    name: "updateConversationMetas",
    method: "PATCH",
    suffix: "/meta",
    scope: SESSIONS_WRITE,
    handle: (request, conversation, env) => {
      const meta = mergeConversationMeta(conversation.meta, request.body);
      if (typeof meta === "string") return fail(400, "invalid_data", meta);
      conversation.meta = meta;
      conversation.updated_at = env.now();
      return ok({}, metaEvents(conversation, request.body as JsonObject));
    },
  }),
];

/** The conversation as `getConversation` shows it: Crisp's fields that the simulator models. */
function conversationView(conversation: SimulatedConversation): Record<string, unknown> {
  const last = conversation.messages.at(-1);
  return {
    session_id: conversation.session_id,
    website_id: conversation.website_id,
    ...(conversation.people_id === undefined ? {} : { people_id: conversation.people_id }),
    state: conversation.state,
    is_blocked: conversation.is_blocked,
    ...(conversation.assigned === undefined ? {} : { assigned: conversation.assigned }),
    meta: conversation.meta,
    last_message: typeof last?.content === "string" ? last.content : "",
    created_at: conversation.created_at,
    updated_at: conversation.updated_at,
  };
}
