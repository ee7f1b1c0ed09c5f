import { requireSession } from "./action-context.js";
import { defineAction } from "./define-action.js";

/** Marks the visitor's (or operators') messages as read. */
export const markRead = defineAction<{ from: "user" | "operator" }>({
  name: "mark_read",
  repeatable: true,
  priority: "low",
  summary: "Mark the conversation's messages as read.",
  needs: [{ scope: "website:conversation:messages", access: "write" }],
  params: {
    type: "object",
    additionalProperties: false,
    properties: {
      from: {
        description: "Whose messages to mark read: the visitor's (`user`) or the operators'.",
        enum: ["user", "operator"],
        default: "user",
      },
    },
  },
  result: { type: "object", properties: {} },
  run: async (context, params) => {
    const session = requireSession(context, "mark_read");
    await context.crisp.markRead(context.event.website_id, session, params.from, context.plugin.urn);
    return {};
  },
});
