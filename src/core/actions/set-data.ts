import { requireSession } from "./action-context.js";
import { constants, defineAction, isPlainObject } from "./define-action.js";

/** Sets custom data keys on the conversation. */
export const setData = defineAction<{ data: Record<string, string | number | boolean> }>({
  name: "set_data",
  repeatable: true,
  priority: "low",
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
  causes: (params) => [
    { event: "session:set_data", data: { data: constants(isPlainObject(params.data) ? params.data : {}) } },
  ],
  result: { type: "object", properties: { data: { type: "object" } } },
  run: async (context, params) => {
    const session = requireSession(context, "set_data");
    const meta = await context.crisp.getMeta(context.event.website_id, session);
    const data = { ...meta.data, ...params.data };
    await context.crisp.updateMeta(context.event.website_id, session, { data });
    return { data };
  },
});
