import { defineAction } from "./define-action.js";

/** Changes the conversation state. */
export const setState = defineAction({
  name: "set_state",
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
});
