import { requireSession } from "./action-context.js";
import { defineAction } from "./define-action.js";

/** Assigns the conversation to an operator. */
export const assign = defineAction<{ user_id: string; silent: boolean }>({
  name: "assign",
  repeatable: true,
  priority: "normal",
  summary: "Assign the conversation to an operator (routing).",
  needs: [{ scope: "website:conversation:routing", access: "write" }],
  params: {
    type: "object",
    additionalProperties: false,
    required: ["user_id"],
    properties: {
      user_id: {
        description: "The operator's user id (a template, such as `{{settings.escalation_operator}}`).",
        type: "string",
        minLength: 1,
      },
      silent: { description: "Do not notify the operator.", type: "boolean", default: false },
    },
  },
  result: { type: "object", properties: { user_id: { type: "string" } } },
  run: async (context, params) => {
    const session = requireSession(context, "assign");
    await context.crisp.assign(context.event.website_id, session, params.user_id, params.silent);
    return { user_id: params.user_id };
  },
});
