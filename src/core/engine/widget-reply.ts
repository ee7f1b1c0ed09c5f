import { isReplySignal } from "../actions/reply.js";
import type { DecisionRecord } from "./decision-record.js";

/**
 * The value an event's rules answer the widget with: the last `reply` step done (or, in record
 * mode, rendered), or undefined when no rule replied.
 */
export function widgetReply(record: DecisionRecord): string | undefined {
  let value: string | undefined;
  for (const rule of record.rules) {
    for (const step of rule.steps) {
      if (step.action !== "reply") continue;
      if (step.outcome === "done" && isReplySignal(step.result)) value = step.result.value;
      else if (step.outcome === "recorded") value = recordedValue(step.params);
    }
  }
  return value;
}

function recordedValue(params: unknown): string | undefined {
  const value = (params as { value?: unknown } | undefined)?.value;
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : undefined;
}
