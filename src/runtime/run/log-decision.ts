import type { DecisionRecord, RuleDecision } from "../../core/engine/decision-record.js";
import type { Logger } from "../../core/logging/logger.js";

/**
 * Logs what the rules did with one event: one line per rule that ran or failed (info or warn),
 * the rules that did not match at debug level, with the same reasons `simulate` prints.
 */
export function logDecision(record: DecisionRecord, log: Logger): void {
  const { event } = record;
  // The reasons of rules that did not match are only written for debug logs: they cost more than the match.
  const debug = log.enabled("debug");
  const where = { event: event.name, website_id: event.website_id, session_id: event.session_id };
  for (const rule of record.rules) {
    if (rule.outcome === "ran") log.info(`rule ${rule.rule} ran: ${stepsOf(rule) || "no steps"}`, where);
    else if (rule.outcome === "delayed")
      log.info(`rule ${rule.rule} ran: ${stepsOf(rule)}, then ${rule.reason ?? "waits"}`, where);
    else if (rule.outcome === "failed") log.warn(`rule ${rule.rule} failed: ${rule.reason ?? ""}`, where);
    else if (debug) log.debug(`rule ${rule.rule} ${rule.outcome}${rule.reason ? `: ${rule.reason}` : ""}`, where);
  }
}

/** `send_message:done, add_segments:failed`: built only for the rules that ran (most did not). */
function stepsOf(rule: RuleDecision): string {
  return rule.steps.map((step) => `${step.action}:${step.outcome}`).join(", ");
}
