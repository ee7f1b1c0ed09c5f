import { requireSession } from "./action-context.js";
import { constants, defineAction } from "./define-action.js";

/** Changes the conversation state. */
export const setState = defineAction<{ state: "pending" | "unresolved" | "resolved" }>({
  name: "set_state",
  repeatable: true,
  priority: "normal",
  summary: "Change the conversation state to pending, unresolved or resolved.",
  needs: [{ scope: "website:conversation:states", access: "write" }],
  params: {
    type: "object",
    additionalProperties: false,
    required: ["state"],
    properties: {
      state: { description: "The new state.", enum: ["pending", "unresolved", "resolved"] },
    },
  },
  causes: (params) => [{ event: "session:set_state", data: constants({ state: params.state }) }],
  result: { type: "object", properties: { state: { type: "string" } } },
  run: async (context, params) => {
    const session = requireSession(context, "set_state");
    await context.crisp.changeState(context.event.website_id, session, params.state, context.plugin.urn);
    return { state: params.state };
  },
});
