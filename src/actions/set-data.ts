import { defineAction } from "./define-action.js";

/** Sets custom data keys on the conversation. */
export const setData = defineAction({
  name: "set_data",
  summary: "Set custom data keys on the conversation (merged with the existing ones).",
  needs: [
    { scope: "website:conversation:sessions", access: "read" },
    { scope: "website:conversation:sessions", access: "write" },
  ],
  params: {
    type: "object",
    additionalProperties: false,
    required: ["data"],
    properties: {
      data: {
        description: "Keys and values; string values are templates.",
        type: "object",
        minProperties: 1,
        additionalProperties: { type: ["string", "number", "boolean"] },
      },
    },
  },
});
