import { requireSession } from "./action-context.js";
import { defineAction } from "./define-action.js";

/**
 * Marks messages read. `from` is the side that read, as in crisp-api's README (a relay marks read
 * with `from: "operator"` once an operator saw the visitor's messages): `operator` marks the
 * visitor's messages read, `user` the operators'.
 */
export const markRead = defineAction<{ from: "user" | "operator" }>({
  name: "mark_read",
  repeatable: true,
  priority: "low",
  summary: "Mark the conversation's messages as read by the operators (or by the visitor).",
  needs: [{ scope: "website:conversation:messages", access: "write" }],
  params: {
    type: "object",
    additionalProperties: false,
    properties: {
      from: {
        description:
          "The side that read: `operator` (the plugin, as an operator, read the visitor's messages) or `user` (the visitor read the operators' messages).",
        enum: ["user", "operator"],
        default: "operator",
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
