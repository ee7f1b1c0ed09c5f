import { defineAction } from "./define-action.js";

/** Writes a line to the plugin's log. */
export const log = defineAction({
  name: "log",
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
});
