import { requireSession } from "./action-context.js";
import { defineAction } from "./define-action.js";

/** Reads the conversation, for later steps: `steps.<id>.state`, `.assigned.user_id`, `.segments`... */
export const getConversation = defineAction<{ session_id?: string }>({
  name: "get_conversation",
  repeatable: true,
  readOnly: true,
  priority: "normal",
  summary:
    "Read the conversation (state, assigned operator, meta, segments, data, contact) into steps.<id> for the later steps.",
  needs: [{ scope: "website:conversation:sessions", access: "read" }],
  params: {
    type: "object",
    additionalProperties: false,
    properties: {
      session_id: {
        description: "The conversation; the event's by default.",
        type: "string",
        minLength: 1,
      },
    },
  },
  run: async (context, params) => {
    const session = params.session_id ?? requireSession(context, "get_conversation");
    const conversation = await context.crisp.getConversation(context.event.website_id, session);
    const meta = (conversation.meta ?? {}) as { segments?: unknown; data?: unknown };
    // Crisp leaves `assigned` out of an unassigned conversation: null says so to a condition.
    return {
      ...conversation,
      session_id: session,
      meta,
      segments: Array.isArray(meta.segments) ? meta.segments : [],
      data: typeof meta.data === "object" && meta.data !== null ? meta.data : {},
      assigned: conversation.assigned ?? null,
    };
  },
});
