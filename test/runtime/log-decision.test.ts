import { describe, expect, it } from "vitest";
import { RuleDecision, type DecisionRecord } from "../../src/core/engine/decision-record.js";
import { createLogger, type LogLevel } from "../../src/core/logging/logger.js";
import { logDecision } from "../../src/runtime/run/log-decision.js";

const event = { name: "message:send", website_id: "website-1", session_id: "session-1", timestamp: 1 };

function ran(rule: string, ...actions: string[]): RuleDecision {
  const decision = new RuleDecision(rule);
  actions.forEach((action, index) => decision.steps.push({ index, action, outcome: "done" }));
  return decision;
}

function logged(record: DecisionRecord, level: LogLevel = "info"): string[] {
  const lines: string[] = [];
  logDecision(record, createLogger({ level, write: (line) => lines.push(line) }));
  return lines;
}

describe("the decision log of an event", () => {
  it("is one info line naming every rule that ran and its steps", () => {
    const record = {
      event,
      rules: [
        ran("greet", "send_message", "add_segments"),
        new RuleDecision("pricing", "condition-failed", "no price"),
        ran("urgent", "add_segments"),
      ],
    };
    expect(logged(record)).toEqual([
      'INFO  rule greet ran: send_message:done, add_segments:done; rule urgent ran: add_segments:done {"event":"message:send","website_id":"website-1","session_id":"session-1"}',
    ]);
  });

  it("is a warning when a rule failed, and says why", () => {
    const record = { event, rules: [ran("greet", "send_message"), new RuleDecision("tag", "failed", "Crisp refused")] };
    expect(logged(record)).toEqual([
      expect.stringMatching(/^WARN {2}rule greet ran: send_message:done; rule tag failed: Crisp refused /),
    ]);
  });

  it("says nothing at info level when no rule ran, and why each did not at debug level", () => {
    const record = { event, rules: [new RuleDecision("pricing", "condition-failed", "no price")] };
    expect(logged(record)).toEqual([]);
    expect(logged(record, "debug")).toEqual([expect.stringMatching(/^DEBUG rule pricing condition-failed: no price /)]);
  });
});
