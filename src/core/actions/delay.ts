import { KitError } from "../errors/kit-error.js";
import { parseDuration } from "../time/parse-duration.js";
import type { DelaySignal } from "./action-context.js";
import { defineAction } from "./define-action.js";

/** `with:` of `delay`, rendered. */
export interface DelayParams {
  for: string;
  cancel_on: string[];
}

/**
 * Waits before the rule's remaining steps. The engine keeps the rest of the rule in the store, so
 * the wait survives restarts and reloads; an event listed in `cancel_on` for the same conversation
 * cancels it (the classic "no operator answered within 5 minutes" rule).
 */
export const delay = defineAction<DelayParams>({
  name: "delay",
  summary:
    "Wait (`for: 5m`) before the rule's remaining steps, durably: the wait survives restarts and reloads; an event in `cancel_on` for the same conversation cancels the rest of the rule.",
  needs: [],
  params: {
    type: "object",
    additionalProperties: false,
    required: ["for"],
    properties: {
      for: {
        description:
          "How long to wait: `30s`, `5m`, `2h`, `1d`, or a template giving one, such as `{{settings.wait}}` (checked when the step runs).",
        type: "string",
        pattern: "^([0-9]+(ms|s|m|h|d)|.*\\{\\{.*\\}\\}.*)$",
      },
      cancel_on: {
        description:
          "Events that cancel the wait when they happen in the same conversation, such as `message:received` (an operator answered).",
        type: "array",
        uniqueItems: true,
        items: { type: "string" },
        default: [],
      },
    },
  },
  run: (context, params): Promise<DelaySignal> => {
    const ms = parseDuration(params.for);
    if (ms === undefined) {
      return Promise.reject(
        new KitError("ACTION_FAILED", `delay: "${params.for}" is not a duration such as 30s, 5m, 2h or 1d`, {
          context: { ruleId: context.ruleId, step: context.stepIndex },
        }),
      );
    }
    return Promise.resolve({ delay: true, ms, cancelOn: params.cancel_on });
  },
});
