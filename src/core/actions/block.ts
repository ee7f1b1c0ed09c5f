import { requireSession } from "./action-context.js";
import { constants, defineAction } from "./define-action.js";

/** Blocks (or unblocks) incoming messages in the conversation. */
export const block = defineAction<{ blocked: boolean }>({
  name: "block",
  repeatable: true,
  priority: "normal",
  summary: "Block (or unblock) incoming messages from the conversation's visitor.",
  needs: [{ scope: "website:conversation:actions", access: "write" }],
  params: {
    type: "object",
    additionalProperties: false,
    properties: {
      blocked: { description: "`true` blocks, `false` unblocks.", type: "boolean", default: true },
    },
  },
  causes: (params) => [{ event: "session:set_block", data: constants({ is_blocked: params.blocked ?? true }) }],
  result: { type: "object", properties: { blocked: { type: "boolean" } } },
  run: async (context, params) => {
    const session = requireSession(context, "block");
    await context.crisp.setBlocked(context.event.website_id, session, params.blocked, context.plugin.urn);
    return { blocked: params.blocked };
  },
});
