import type { DecisionRecord, RuleDecision } from "../../core/engine/decision-record.js";
import type { Logger } from "../../core/logging/logger.js";

/**
 * Logs what the rules did with one event in one line: each rule that ran, waits or failed, as
 * `rule greet ran: send_message:done, add_segments:done; rule urgent failed: ...` (info, or warn
 * when one failed). The rules that did not match get a line each at debug level, with the same
 * reasons `simulate` prints. An event no rule ran for logs nothing at info level.
 */
export function logDecision(record: DecisionRecord, log: Logger): void {
  const { event } = record;
  // The reasons of rules that did not match are only written for debug logs: they cost more than the match.
  const debug = log.enabled("debug");
  const where = { event: event.name, website_id: event.website_id, session_id: event.session_id };
  let line = "";
  let failed = false;
  for (const rule of record.rules) {
    const told = outcomeOf(rule);
    if (told !== undefined) {
      line = line === "" ? told : `${line}; ${told}`;
      failed ||= rule.outcome === "failed";
    } else if (debug) log.debug(`rule ${rule.rule} ${rule.outcome}${rule.reason ? `: ${rule.reason}` : ""}`, where);
  }
  if (line === "") return;
  if (failed) log.warn(line, where);
  else log.info(line, where);
}

/** What a rule that ran, waits or failed did; undefined for the others. */
function outcomeOf(rule: RuleDecision): string | undefined {
  if (rule.outcome === "ran") return `rule ${rule.rule} ran: ${stepsOf(rule) || "no steps"}`;
  if (rule.outcome === "delayed") return `rule ${rule.rule} ran: ${stepsOf(rule)}, then ${rule.reason ?? "waits"}`;
  if (rule.outcome === "failed") return `rule ${rule.rule} failed: ${rule.reason ?? ""}`;
  return undefined;
}

/** `send_message:done, add_segments:failed`: built only for the rules that ran (most did not). */
function stepsOf(rule: RuleDecision): string {
  return rule.steps.map((step) => `${step.action}:${step.outcome}`).join(", ");
}
