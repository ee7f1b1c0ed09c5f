import { defineAction } from "./define-action.js";

/** Marks the visitor's (or operators') messages as read. */
export const markRead = defineAction({
  name: "mark_read",
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
});
