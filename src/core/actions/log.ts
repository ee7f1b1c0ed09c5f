import { defineAction } from "./define-action.js";

/** Writes a line to the plugin's log. */
export const log = defineAction<{ message: string; level: "debug" | "info" | "warn" | "error" }>({
  name: "log",
  repeatable: true,
  priority: "low",
  summary: "Write a line to the plugin's log.",
  needs: [],
  params: {
    type: "object",
    additionalProperties: false,
    required: ["message"],
    properties: {
      message: { description: "The line (a template).", type: "string" },
      level: { description: "Log level.", enum: ["debug", "info", "warn", "error"], default: "info" },
    },
  },
  result: { type: "object", properties: { message: { type: "string" } } },
  run: (context, params) => {
    context.log[params.level](params.message, { rule: context.ruleId, website_id: context.event.website_id });
    return Promise.resolve({ message: params.message });
  },
});
