import { requireSession } from "./action-context.js";
import { constants, defineAction } from "./define-action.js";

/** Updates the conversation's visitor details. */
export const updateMeta = defineAction<{ nickname?: string; email?: string; phone?: string; subject?: string }>({
  name: "update_meta",
  repeatable: true,
  priority: "low",
  summary: "Update the conversation's nickname, email, phone or subject.",
  needs: [{ scope: "website:conversation:sessions", access: "write" }],
  params: {
    type: "object",
    additionalProperties: false,
    minProperties: 1,
    properties: {
      nickname: { description: "Visitor name.", type: "string" },
      email: { description: "Visitor email.", type: "string" },
      phone: { description: "Visitor phone number.", type: "string" },
      subject: { description: "Conversation subject.", type: "string" },
    },
  },
  causes: (params) =>
    (["nickname", "email", "phone", "subject"] as const)
      .filter((field) => params[field] !== undefined)
      .map((field) => ({ event: `session:set_${field}`, data: constants({ [field]: params[field] }) })),
  run: async (context, params) => {
    const session = requireSession(context, "update_meta");
    await context.crisp.updateMeta(context.event.website_id, session, { ...params });
    return { ...params };
  },
});
