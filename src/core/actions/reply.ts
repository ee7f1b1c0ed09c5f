import { defineAction } from "./define-action.js";

/** What the `reply` action returns: the widget intake answers Crisp with `value`. */
export interface ReplySignal {
  readonly reply: true;
  readonly value: string;
}

/** Whether a step's result is a {@link ReplySignal}. */
export function isReplySignal(value: unknown): value is ReplySignal {
  return typeof value === "object" && value !== null && (value as { reply?: unknown }).reply === true;
}

/**
 * Answers the widget: the value shown in the data item that asked (`widget:data`). Nothing leaves
 * the process; the Action URL answers Crisp with the last `reply` of the event's rules.
 */
export const reply = defineAction<{ value: string | number | boolean }>({
  name: "reply",
  repeatable: true,
  priority: "reply",
  summary:
    "Answer the widget (only in rules on `widget:data` or `widget:button`): `value` is shown in the data item that asked.",
  needs: [],
  params: {
    type: "object",
    additionalProperties: false,
    required: ["value"],
    properties: {
      value: {
        description: "The value shown in the data item; a template, rendered as text.",
        type: ["string", "number", "boolean"],
      },
    },
  },
  run: (_context, params): Promise<ReplySignal> => Promise.resolve({ reply: true, value: String(params.value) }),
});
