import type { StopSignal } from "./action-context.js";
import { defineAction } from "./define-action.js";

/** Stops the current rule, and optionally the rules after it for this event. */
export const stop = defineAction<{ rules: boolean }>({
  name: "stop",
  repeatable: true,
  priority: "low",
  summary: "Stop this rule's remaining steps; with `rules: true`, the rules after it are skipped too for this event.",
  needs: [],
  params: {
    type: "object",
    additionalProperties: false,
    properties: {
      rules: { description: "Also skip the rules after this one for this event.", type: "boolean", default: false },
    },
  },
  run: (_context, params): Promise<StopSignal> => Promise.resolve({ stop: true, rules: params.rules }),
});
